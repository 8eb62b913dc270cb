import type { KnownBlock, ModalView } from '@slack/types';
import type { BackendCapabilities } from '../backend/capabilities.js';
import type { FileInfo } from '../domain/job.js';
import type { PublicDraft } from './create-draft.js';
import {
  fileBlocks,
  hyperparameterBlocks,
  jobTypeBlocks,
  suffixLimit,
  type UploadProblems,
  wandbBlocks,
} from './create-form-parts.js';
import { channelInput, checkboxInput, selectInput, textInput } from './create-inputs.js';
import { CREATE_TITLE } from './create-loading.js';
import { modal } from './create-modal.js';
import { fileOptions, MAX_OPTIONS, modelOptions, option } from './create-options.js';
import { escapeMrkdwn } from './escape.js';
import { FORM_HINT } from './form-messages.js';
import { AUTO_START_VALUE, CREATE_BLOCK, VIEW } from './ids.js';
import { context, header, section } from './kit.js';

export interface CreateFormInput {
  backendLabel: string;
  /** What the configured provider takes: the form offers exactly that. */
  capabilities: BackendCapabilities;
  /** Fine-tunable base model ids. */
  models: readonly string[];
  /** Set when the list is the documented fallback, not the backend's. */
  modelsNote?: string;
  /** Purpose `fine-tune`, newest first. */
  files: readonly FileInfo[];
  /** Default for "post updates to": the channel the command came from. */
  channel?: string;
  /** What was typed before (re-shown after an asynchronous failure), never with the W&B key. */
  draft?: PublicDraft;
  /** One sentence shown above the fields: why the form is back. */
  problem?: string;
  /** Why an uploaded file was refused, shown under its file field (mrkdwn). */
  uploadProblems?: UploadProblems;
}

function fileNote(count: number, backendLabel: string): string | undefined {
  if (count === 0)
    return `There are no files with purpose \`fine-tune\` on ${backendLabel} yet: upload a \`.jsonl\` file below.`;
  if (count > MAX_OPTIONS) return `Showing the newest ${MAX_OPTIONS} of ${count} files.`;
  return undefined;
}

/** The create modal: one input block per field a user sets, each keyed by FORM for inline errors. */
export function buildCreateForm(input: CreateFormInput): ModalView {
  const d = input.draft;
  const caps = input.capabilities;
  const label = input.backendLabel;
  const suffixMax = suffixLimit(caps);
  const blocks: KnownBlock[] = [];
  if (input.problem) blocks.push(section(CREATE_BLOCK.problem, `:warning: ${input.problem}`));
  blocks.push(
    context(CREATE_BLOCK.intro, [`The job is created on ${escapeMrkdwn(input.backendLabel)}.`]),
    selectInput('model', {
      label: 'Base model',
      placeholder: 'Pick a model',
      options: modelOptions(input.models),
      initial: d?.model,
      hint: input.modelsNote,
    }),
    ...jobTypeBlocks(d, caps),
    ...fileBlocks(d, caps, fileOptions(input.files), input.uploadProblems),
  );
  const note = fileNote(input.files.length, input.backendLabel);
  if (note) blocks.push(context(CREATE_BLOCK.filesNote, [note]));
  blocks.push(
    ...hyperparameterBlocks(d, caps, label),
    textInput('suffix', {
      label: 'Suffix',
      optional: true,
      hint: FORM_HINT.suffix(suffixMax),
      initial: d?.suffix,
      maxLength: suffixMax,
    }),
    ...wandbBlocks(d, caps, label),
    header(CREATE_BLOCK.deliveryHeader, 'Start and updates'),
    checkboxInput('autoStart', {
      label: 'Auto start',
      optional: true,
      hint: FORM_HINT.autoStart,
      option: option('Start training as soon as the data is validated', AUTO_START_VALUE),
      checked: d?.autoStart ?? false,
    }),
    channelInput('channel', {
      label: 'Post updates to',
      hint: FORM_HINT.channel,
      initial: d?.channel ?? input.channel,
    }),
  );
  // Slack refuses a select with no options; the form is still shown so the note explains why.
  const usable = blocks.filter(
    (b) =>
      !(
        b.type === 'input' &&
        'options' in b.element &&
        Array.isArray(b.element.options) &&
        b.element.options.length === 0
      ),
  );
  return modal({
    callbackId: VIEW.createJob,
    title: CREATE_TITLE,
    submit: 'Create job',
    close: 'Cancel',
    blocks: usable,
  });
}
