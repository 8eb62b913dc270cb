import type { InputBlock, ModalView } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { type FormInput, formStateValues } from '../../devtools/form-values.js';
import { type BackendCapabilities, MISTRAL_CAPABILITIES } from '../../src/backend/capabilities.js';
import { parseCreateForm } from '../../src/create/form-schema.js';
import type { FileInfo } from '../../src/domain/job.js';
import { buildCreateForm } from '../../src/views/create-form.js';
import { shownFields } from '../../src/views/create-form-parts.js';
import { FORM_MSG } from '../../src/views/form-messages.js';
import { FORM, type FormField } from '../../src/views/ids.js';
import { checkModal, visibleText } from '../helpers/block-kit.js';
import { OPENAI_FILE, OPENAI_LIKE, TOGETHER_FILE, TOGETHER_LIKE } from '../helpers/capabilities.js';

/** The create form and its schema for providers whose rules are not Mistral's. */

const fileInfo = (id: string, i: number): FileInfo => ({
  id,
  filename: `train-${i}.jsonl`,
  bytes: 1000 * i,
  num_lines: 10 * i,
  purpose: 'fine-tune',
  created_at: 1_700_000_000 - i,
});

function form(caps: BackendCapabilities, label: string, fileIds: string[], draft?: FormInput): ModalView {
  return buildCreateForm({
    backendLabel: label,
    capabilities: caps,
    models: ['base-model-1'],
    files: fileIds.map(fileInfo),
    channel: 'C1',
    draft: draft && {
      trainingFiles: [],
      validationFiles: [],
      autoStart: false,
      ...draft,
    },
  });
}

const inputs = (view: ModalView) => view.blocks.filter((b): b is InputBlock => b.type === 'input');
const inputIds = (view: ModalView) => inputs(view).map((b) => b.block_id);
/** The typed fields only: the file inputs (UPLOAD) sit beside the pickers on every provider. */
const fieldIds = (view: ModalView) =>
  inputs(view)
    .filter((b) => b.element.type !== 'file_input')
    .map((b) => b.block_id);
const inputOf = (view: ModalView, field: FormField) =>
  inputs(view).find((b) => b.block_id === FORM[field].block);
const hintOf = (view: ModalView, field: FormField) => inputOf(view, field)?.hint?.text;
const blocksOf = (...fields: FormField[]) => fields.map((f) => FORM[f].block);

const together = (extra: FormInput) =>
  parseCreateForm(
    formStateValues({ model: 'base-model-1', trainingFiles: [TOGETHER_FILE], channel: 'C0ABC', ...extra }),
    TOGETHER_LIKE,
    'Together AI',
  );
const openai = (extra: FormInput) =>
  parseCreateForm(
    formStateValues({ model: 'base-model-1', trainingFiles: [OPENAI_FILE], channel: 'C0ABC', ...extra }),
    OPENAI_LIKE,
    'OpenAI',
  );

describe('the create form follows the provider', () => {
  it('shows a Together-like provider exactly the fields it takes', () => {
    const view = form(TOGETHER_LIKE, 'Together AI', [
      TOGETHER_FILE,
      'file-0a1b2c3d-0000-4000-8000-000000000002',
    ]);
    expect(checkModal(view)).toEqual([]);
    expect(fieldIds(view)).toEqual(
      blocksOf(
        'model',
        'trainingFiles',
        'validationFiles',
        'epochs',
        'learningRate',
        'suffix',
        'wandbProject',
        'wandbRun',
        'wandbKey',
        'autoStart',
        'channel',
      ),
    );
    // One file each: single selects, read by the schema under the same ids.
    expect(inputOf(view, 'trainingFiles')?.element.type).toBe('static_select');
    expect(inputOf(view, 'validationFiles')?.element.type).toBe('static_select');
    expect(hintOf(view, 'epochs')).toBe('Whole number, 1 to 20.');
    expect(hintOf(view, 'learningRate')).toBe('From 1e-7 to 0.01. Default 0.00001.');
    expect(inputOf(view, 'learningRate')?.element).toMatchObject({ initial_value: '0.00001' });
    expect(inputOf(view, 'suffix')?.element).toMatchObject({ max_length: 18 });
    const text = visibleText(view.blocks);
    expect(text).toContain('The job is created on Together AI.');
    expect(text).not.toContain('Mistral');
  });

  it('shows an OpenAI-like provider epochs alone and no W&B key', () => {
    const view = form(OPENAI_LIKE, 'OpenAI', [OPENAI_FILE]);
    expect(checkModal(view)).toEqual([]);
    expect(fieldIds(view)).toEqual(
      blocksOf(
        'model',
        'trainingFiles',
        'validationFiles',
        'epochs',
        'suffix',
        'wandbProject',
        'wandbRun',
        'autoStart',
        'channel',
      ),
    );
    expect(hintOf(view, 'epochs')).toBe('Whole number, 1 to 50.');
    expect(hintOf(view, 'suffix')).toBe('Up to 12 letters, digits, _ or -. Becomes part of the model name.');
    expect(inputOf(view, 'suffix')?.element).toMatchObject({ max_length: 12 });
    expect(visibleText(view.blocks)).not.toMatch(/Mistral|API key/);
  });

  it('leaves out the hyperparameter header when a provider takes none, and validation files when it takes none', () => {
    const caps: BackendCapabilities = { ...OPENAI_LIKE, hyperparameters: {}, maxValidationFiles: 0 };
    const view = form(caps, 'OpenAI', [OPENAI_FILE]);
    expect(checkModal(view)).toEqual([]);
    expect(JSON.stringify(view)).not.toContain('Hyperparameters');
    expect(inputIds(view)).not.toContain(FORM.validationFiles.block);
  });

  it("limits multi-selects to the provider's file counts with max_selected_items", () => {
    const ids = [TOGETHER_FILE, 'file-0a1b2c3d-0000-4000-8000-000000000002'];
    const view = form({ ...TOGETHER_LIKE, maxTrainingFiles: 3, maxValidationFiles: 2 }, 'Together AI', ids);
    expect(checkModal(view)).toEqual([]);
    expect(inputOf(view, 'trainingFiles')?.element).toMatchObject({
      type: 'multi_static_select',
      max_selected_items: 3,
    });
    expect(inputOf(view, 'validationFiles')?.element).toMatchObject({
      type: 'multi_static_select',
      max_selected_items: 2,
    });
    const mistral = form(MISTRAL_CAPABILITIES, 'Mistral', ['11111111-2222-4333-8444-555555555555']);
    expect(inputOf(mistral, 'trainingFiles')?.element).toMatchObject({ max_selected_items: 100 });
  });

  it('re-shows a picked file in a single select', () => {
    const view = form(TOGETHER_LIKE, 'Together AI', [TOGETHER_FILE], { trainingFiles: [TOGETHER_FILE] });
    expect(inputOf(view, 'trainingFiles')?.element).toMatchObject({
      initial_option: { value: TOGETHER_FILE },
    });
  });

  it('shows the job type only when there is a choice', () => {
    const one = form(MISTRAL_CAPABILITIES, 'Mistral', ['11111111-2222-4333-8444-555555555555']);
    expect(inputIds(one)).toContain(FORM.jobType.block);
    const single = form({ ...MISTRAL_CAPABILITIES, jobTypes: ['completion'] }, 'Mistral', [
      '11111111-2222-4333-8444-555555555555',
    ]);
    expect(inputIds(single)).not.toContain(FORM.jobType.block);
  });

  it('names the backend in the W&B key texts of a length-limited provider', () => {
    const view = form(MISTRAL_CAPABILITIES, 'Mistral sandbox', ['11111111-2222-4333-8444-555555555555']);
    expect(hintOf(view, 'wandbKey')).toContain("Mistral sandbox's limit");
    const neutral = form(
      { ...TOGETHER_LIKE, wandb: { ...TOGETHER_LIKE.wandb, keyRule: 'Keys start with k.' } },
      'Together AI',
      [TOGETHER_FILE],
    );
    expect(hintOf(neutral, 'wandbKey')).toBe(
      'Keys start with k. Used only for this request: never stored or shown again.',
    );
  });
});

describe('shownFields', () => {
  it.each([
    ['Mistral', MISTRAL_CAPABILITIES, '11111111-2222-4333-8444-555555555555'],
    ['Together AI', TOGETHER_LIKE, TOGETHER_FILE],
    ['OpenAI', OPENAI_LIKE, OPENAI_FILE],
  ] as const)('names exactly the inputs the %s form has', (label, caps, file) => {
    const blocks = [...shownFields(caps)].map((f) => FORM[f].block).sort();
    expect(blocks).toEqual(fieldIds(form(caps, label, [file])).sort());
  });
});

describe('the create schema follows the provider', () => {
  it('refuses two training files with the sentence under the training files block', () => {
    const r = together({ trainingFiles: [TOGETHER_FILE, 'file-0a1b2c3d-0000-4000-8000-000000000002'] });
    expect(!r.ok && r.errors[FORM.trainingFiles.block]).toBe(
      'Together AI takes one training file: pick one.',
    );
    expect(FORM_MSG.tooManyFiles('Mistral', 'validation', 100)).toBe(
      'Mistral takes at most 100 validation files: pick 100 or fewer.',
    );
  });

  it('reads the one file of a single select', () => {
    const values = formStateValues({ model: 'base-model-1', channel: 'C0ABC' });
    values[FORM.trainingFiles.block] = {
      [FORM.trainingFiles.action]: {
        type: 'static_select',
        selected_option: { text: { type: 'plain_text', text: 'f' }, value: TOGETHER_FILE },
      },
    };
    const r = parseCreateForm(values, TOGETHER_LIKE, 'Together AI');
    expect(r.ok && r.form.request.training_files).toEqual([{ file_id: TOGETHER_FILE }]);
  });

  it.each([
    [
      'a learning rate above 1e-2',
      { learningRate: '0.02' },
      'learningRate',
      'Enter a number from 1e-7 to 0.01.',
    ],
    [
      'a learning rate below 1e-7',
      { learningRate: '1e-8' },
      'learningRate',
      'Enter a number from 1e-7 to 0.01.',
    ],
    ['21 epochs', { epochs: '21' }, 'epochs', 'Enter a whole number from 1 to 20.'],
    ['0 epochs', { epochs: '0' }, 'epochs', 'Enter a whole number from 1 to 20.'],
    ['fractional epochs', { epochs: '2.5' }, 'epochs', 'Enter a whole number, e.g. 100.'],
    [
      'a file id of another provider',
      { trainingFiles: ['11111111-2222-4333-8444-555555555555'] },
      'trainingFiles',
      FORM_MSG.fileId,
    ],
    ['a 19-character suffix', { suffix: 'a'.repeat(19) }, 'suffix', FORM_MSG.suffix(18)],
    ['a project without key', { wandbProject: 'p' }, 'wandbKey', FORM_MSG.wandbKeyMissing()],
  ] satisfies [string, FormInput, FormField, string][])(
    "refuses %s with the provider's numbers",
    (_name, extra, field, message) => {
      const r = together(extra);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.errors[FORM[field].block]).toBe(message);
    },
  );

  it('takes the bounds themselves, and no steps or epochs at all', () => {
    expect(together({ learningRate: '1e-7', epochs: '20' }).ok).toBe(true);
    expect(together({ learningRate: '0.01', epochs: '1' }).ok).toBe(true);
    expect(together({}).ok).toBe(true);
  });

  it('sends only the hyperparameters the provider takes, with its default learning rate', () => {
    const r = together({
      trainingSteps: '10',
      epochs: '3',
      weightDecay: '0.1',
      warmupFraction: '0.2',
      seqLen: '2048',
    });
    expect(r.ok && r.form.request.hyperparameters).toEqual({ learning_rate: 1e-5, epochs: 3 });
    // Fields not shown are not judged either: their state never becomes an error.
    expect(together({ trainingSteps: 'x', seqLen: '1' }).ok).toBe(true);
    const o = openai({ learningRate: '0.5', epochs: '4' });
    expect(o.ok && o.form.request.hyperparameters).toEqual({ epochs: 4 });
    const none = openai({});
    expect(none.ok && none.form.request.hyperparameters).toEqual({});
  });

  it('sends the one job type of a provider with no choice', () => {
    const r = together({ jobType: 'classifier' });
    expect(r.ok && r.form.request.job_type).toBe('completion');
  });

  it('takes any W&B key where the provider has no key rule', () => {
    const r = together({ wandbProject: 'p', wandbKey: ' short-key ' });
    expect(r.ok && r.form.request.integrations).toEqual([
      { type: 'wandb', project: 'p', api_key: 'short-key' },
    ]);
    expect(!together({ wandbProject: 'p', wandbKey: 'a b' }).ok).toBe(true);
  });

  it("says the provider's key rule when its pattern refuses a key", () => {
    const caps: BackendCapabilities = {
      ...TOGETHER_LIKE,
      wandb: { ...TOGETHER_LIKE.wandb, keyPattern: /^k\S+$/, keyRule: 'Keys start with k.' },
    };
    const values = formStateValues({
      model: 'm',
      trainingFiles: [TOGETHER_FILE],
      channel: 'C0ABC',
      wandbProject: 'p',
      wandbKey: 'zzz',
    });
    const r = parseCreateForm(values, caps, 'Together AI');
    expect(!r.ok && r.errors[FORM.wandbKey.block]).toBe('Keys start with k.');
    expect(JSON.stringify(r.ok ? {} : r.errors)).not.toContain('zzz');
  });

  it('takes a W&B project alone where the key is not per job, and ignores any key state', () => {
    const r = openai({ wandbProject: 'p', wandbRun: 'r' });
    expect(r.ok && r.form.request.integrations).toEqual([
      { type: 'wandb', project: 'p', name: 'r', api_key: '' },
    ]);
    const withKey = openai({ wandbProject: 'p', wandbKey: 'k'.repeat(40) });
    expect(withKey.ok && JSON.stringify(withKey.form.request)).not.toContain('kkkk');
    const runOnly = openai({ wandbRun: 'r' });
    expect(!runOnly.ok && runOnly.errors[FORM.wandbProject.block]).toBe(FORM_MSG.wandbProjectForRun);
  });

  it("keeps suffixes within the provider's shorter limit", () => {
    expect(openai({ suffix: 'a'.repeat(12) }).ok).toBe(true);
    const r = openai({ suffix: 'a'.repeat(13) });
    expect(!r.ok && r.errors[FORM.suffix.block]).toBe(FORM_MSG.suffix(12));
  });

  it('asks for steps or epochs only under a field the provider has', () => {
    const caps: BackendCapabilities = {
      ...TOGETHER_LIKE,
      needsStepsOrEpochs: true,
    };
    const r = parseCreateForm(
      formStateValues({ model: 'm', trainingFiles: [TOGETHER_FILE], channel: 'C0ABC' }),
      caps,
      'Together AI',
    );
    expect(!r.ok && r.errors).toEqual({ [FORM.epochs.block]: FORM_MSG.stepsOrEpochs });
  });

  it('refuses a job type Mistral does not run, naming the ones it does', () => {
    const values = formStateValues({
      model: 'm',
      trainingFiles: ['11111111-2222-4333-8444-555555555555'],
      trainingSteps: '1',
      channel: 'C0ABC',
    });
    values[FORM.jobType.block] = {
      [FORM.jobType.action]: { type: 'radio_buttons', selected_option: { value: 'x' } },
    };
    const r = parseCreateForm(values, MISTRAL_CAPABILITIES);
    expect(!r.ok && r.errors[FORM.jobType.block]).toBe('Pick completion or classifier.');
  });
});
