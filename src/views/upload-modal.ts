import type { KnownBlock, ModalView } from '@slack/types';
import type { BackendCapabilities } from '../backend/capabilities.js';
import type { JobType } from '../domain/job.js';
import { UPLOAD_HINT } from './create-form-parts.js';
import { fileInput } from './create-inputs.js';
import { modal } from './create-modal.js';
import { option } from './create-options.js';
import { escapeMrkdwn } from './escape.js';
import { CREATE_BLOCK, UPLOAD, VIEW } from './ids.js';
import { context, plain, section } from './kit.js';

export const UPLOAD_TITLE = 'Upload training data';

export interface UploadModalInput {
  backendLabel: string;
  capabilities: BackendCapabilities;
  /** What the file is checked as; kept when the form comes back. */
  jobType?: JobType;
  /** Why the file sent before was refused (mrkdwn), under the file field. */
  problem?: string;
}

/** `/finetune upload`: one JSONL file (and its format, where the provider runs two), checked before it is sent. */
export function buildUploadModal(input: UploadModalInput): ModalView {
  const caps = input.capabilities;
  const blocks: KnownBlock[] = [
    context(CREATE_BLOCK.intro, [
      `The file is checked here, then uploaded to ${escapeMrkdwn(input.backendLabel)} with purpose \`fine-tune\`. Nothing is sent if a line is wrong.`,
    ]),
    fileInput('file', { label: 'Training or validation data (.jsonl)', hint: UPLOAD_HINT, optional: false }),
  ];
  if (input.problem) blocks.push(context(CREATE_BLOCK.trainingUploadProblem, [`:warning: ${input.problem}`]));
  if (caps.jobTypes.length > 1) {
    const options = caps.jobTypes.map((t) =>
      option(t === 'classifier' ? 'Classifier rows' : 'Chat (messages)', t),
    );
    const initial = options.find((o) => o.value === (input.jobType ?? caps.jobTypes[0]));
    blocks.push({
      type: 'input',
      block_id: UPLOAD.jobType.block,
      label: plain('Format', 2000),
      element: {
        type: 'radio_buttons',
        action_id: UPLOAD.jobType.action,
        options,
        ...(initial ? { initial_option: initial } : {}),
      },
    });
  }
  return modal({
    callbackId: VIEW.uploadFile,
    title: UPLOAD_TITLE,
    submit: 'Check & upload',
    close: 'Cancel',
    blocks,
  });
}

/** "Checking…", or the last word: the new file and its check summary, or why nothing was done. */
export function buildUploadResultView(sentence: string): ModalView {
  return modal({
    callbackId: VIEW.createResult,
    title: UPLOAD_TITLE,
    close: 'Done',
    blocks: [section(CREATE_BLOCK.uploadSummary, sentence)],
  });
}
