import type { InputBlock, ModalView } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { MISTRAL_CAPABILITIES } from '../../src/backend/capabilities.js';
import { parseCreateForm } from '../../src/create/form-schema.js';
import { readFormUploads } from '../../src/create/uploads.js';
import { buildCreateForm } from '../../src/views/create-form.js';
import { FORM_MSG } from '../../src/views/form-messages.js';
import { FORM, UPLOAD } from '../../src/views/ids.js';
import { buildUploadModal } from '../../src/views/upload-modal.js';
import { checkModal, visibleText } from '../helpers/block-kit.js';
import { OPENAI_LIKE } from '../helpers/capabilities.js';

const inputs = (v: ModalView) => v.blocks.filter((b): b is InputBlock => b.type === 'input');
const build = (caps = MISTRAL_CAPABILITIES, files: { id: string }[] = []) =>
  buildCreateForm({
    backendLabel: 'Mistral',
    capabilities: caps,
    models: ['open-mistral-7b'],
    files: files.map((f) => ({
      ...f,
      filename: 'a.jsonl',
      bytes: 10,
      num_lines: 1,
      purpose: 'fine-tune',
      created_at: 0,
    })),
  });
const fileState = (url = 'https://files.slack.com/files-pri/T-F1/download/a.jsonl') => ({
  type: 'file_input',
  files: [{ id: 'F1', name: 'a.jsonl', filetype: 'jsonl', size: 3, url_private_download: url }],
});

describe('the create form takes files from Slack', () => {
  it('puts a one-file JSONL input under each picker, training and validation', () => {
    const view = build(MISTRAL_CAPABILITIES, [{ id: '11111111-2222-4333-8444-555555555555' }]);
    expect(checkModal(view)).toEqual([]);
    const ids = inputs(view).map((b) => b.block_id);
    expect(ids.indexOf(UPLOAD.training.block)).toBe(ids.indexOf(FORM.trainingFiles.block) + 1);
    expect(ids.indexOf(UPLOAD.validation.block)).toBe(ids.indexOf(FORM.validationFiles.block) + 1);
    const el = inputs(view).find((b) => b.block_id === UPLOAD.training.block);
    expect(el).toMatchObject({
      optional: true,
      element: { type: 'file_input', filetypes: ['jsonl'], max_files: 1 },
    });
  });

  it('offers no validation upload where the provider takes no validation file', () => {
    const view = build({ ...OPENAI_LIKE, maxValidationFiles: 0 });
    expect(inputs(view).map((b) => b.block_id)).not.toContain(UPLOAD.validation.block);
  });

  it('opens with no files at the provider yet, saying to upload one', () => {
    const view = build();
    expect(checkModal(view)).toEqual([]);
    expect(inputs(view).map((b) => b.block_id)).toContain(UPLOAD.training.block);
    expect(visibleText(view.blocks)).toContain('upload a `.jsonl` file below');
  });

  it('counts an uploaded file as the training file', () => {
    const values = {
      [FORM.model.block]: { [FORM.model.action]: { type: 'static_select', selected_option: { value: 'm' } } },
      [FORM.trainingSteps.block]: { [FORM.trainingSteps.action]: { type: 'plain_text_input', value: '10' } },
      [FORM.channel.block]: {
        [FORM.channel.action]: { type: 'conversations_select', selected_conversation: 'C0ABC' },
      },
    };
    const none = parseCreateForm(values, MISTRAL_CAPABILITIES);
    expect(!none.ok && none.errors[FORM.trainingFiles.block]).toBe(FORM_MSG.trainingFiles);
    const withFile = { ...values, [UPLOAD.training.block]: { [UPLOAD.training.action]: fileState() } };
    expect(parseCreateForm(withFile, MISTRAL_CAPABILITIES).ok).toBe(true);
    expect(readFormUploads(withFile)).toMatchObject({ ok: true, uploads: { training: { id: 'F1' } } });
  });

  it('answers a file_input state that does not fit the schema under its field', () => {
    for (const bad of [
      { type: 'file_input', files: [{ id: 'F1' }] },
      fileState('ftp://files.slack.com/x'),
      { type: 'file_input', files: [fileState().files[0], fileState().files[0]] },
    ]) {
      const r = readFormUploads({ [UPLOAD.training.block]: { [UPLOAD.training.action]: bad } });
      expect(r).toEqual({ ok: false, errors: { [UPLOAD.training.block]: FORM_MSG.uploadMalformed } });
    }
  });
});

describe('the /finetune upload modal', () => {
  it('is valid Block Kit, with the format choice only where the provider runs two', () => {
    const mistral = buildUploadModal({
      backendLabel: 'Mistral',
      capabilities: MISTRAL_CAPABILITIES,
      problem: 'line 3: x',
    });
    expect(checkModal(mistral)).toEqual([]);
    expect(inputs(mistral).map((b) => b.block_id)).toEqual([UPLOAD.file.block, UPLOAD.jobType.block]);
    expect(visibleText(mistral.blocks)).toContain(':warning: line 3: x');
    const openai = buildUploadModal({ backendLabel: 'OpenAI', capabilities: OPENAI_LIKE });
    expect(inputs(openai).map((b) => b.block_id)).toEqual([UPLOAD.file.block]);
  });
});
