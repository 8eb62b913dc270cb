import type { KnownBlock, ModalView } from '@slack/types';
import type { FileInfo } from '../domain/job.js';
import type { PublicDraft } from './create-draft.js';
import {
  channelInput,
  checkboxInput,
  multiSelectInput,
  radioInput,
  selectInput,
  textInput,
} from './create-inputs.js';
import { CREATE_TITLE } from './create-loading.js';
import { modal } from './create-modal.js';
import { fileOptions, MAX_OPTIONS, modelOptions, option } from './create-options.js';
import { escapeMrkdwn } from './escape.js';
import { FORM_HINT } from './form-messages.js';
import { AUTO_START_VALUE, CREATE_BLOCK, VIEW } from './ids.js';
import { context, header, section } from './kit.js';

export interface CreateFormInput {
  backendLabel: string;
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
}

const NUMBER_MAX = 30;

function fileNote(count: number, backendLabel: string): string | undefined {
  if (count === 0)
    return `There are no files with purpose \`fine-tune\` yet: upload a \`.jsonl\` file to ${backendLabel} first.`;
  if (count > MAX_OPTIONS) return `Showing the newest ${MAX_OPTIONS} of ${count} files.`;
  return undefined;
}

function hyperparameterBlocks(d: PublicDraft | undefined): KnownBlock[] {
  const num = (field: Parameters<typeof textInput>[0], label: string, hint: string, initial?: string) =>
    textInput(field, { label, hint, optional: true, initial, maxLength: NUMBER_MAX });
  return [
    header(CREATE_BLOCK.hyperHeader, 'Hyperparameters'),
    num('trainingSteps', 'Training steps', FORM_HINT.trainingSteps, d?.trainingSteps),
    num('epochs', 'Epochs', FORM_HINT.epochs, d?.epochs),
    num('learningRate', 'Learning rate', FORM_HINT.learningRate, d ? d.learningRate : '0.0001'),
    num('weightDecay', 'Weight decay', FORM_HINT.weightDecay, d?.weightDecay),
    num('warmupFraction', 'Warmup fraction', FORM_HINT.warmupFraction, d?.warmupFraction),
    num('seqLen', 'Sequence length', FORM_HINT.seqLen, d?.seqLen),
  ];
}

function wandbBlocks(d: PublicDraft | undefined): KnownBlock[] {
  // The key field is always empty: the key never travels back to Slack, so a re-shown form asks again.
  const keyHint = d?.wandbProject ? FORM_HINT.wandbKeyAgain : FORM_HINT.wandbKey;
  return [
    header(CREATE_BLOCK.wandbHeader, 'Weights & Biases (optional)'),
    textInput('wandbProject', {
      label: 'W&B project',
      optional: true,
      initial: d?.wandbProject,
      maxLength: 128,
    }),
    textInput('wandbRun', { label: 'W&B run name', optional: true, initial: d?.wandbRun, maxLength: 128 }),
    textInput('wandbKey', {
      label: 'W&B API key',
      optional: true,
      hint: keyHint,
      placeholder: '40 characters',
      maxLength: 200,
    }),
  ];
}

/** The create modal: one input block per field a user sets, each keyed by FORM for inline errors. */
export function buildCreateForm(input: CreateFormInput): ModalView {
  const d = input.draft;
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
    radioInput('jobType', {
      label: 'Job type',
      options: [option('Completion (chat, instruct)', 'completion'), option('Classifier', 'classifier')],
      initial: d?.jobType ?? 'completion',
    }),
    multiSelectInput('trainingFiles', {
      label: 'Training files',
      placeholder: 'Pick one or more files',
      options: fileOptions(input.files),
      initial: d?.trainingFiles ?? [],
    }),
    multiSelectInput('validationFiles', {
      label: 'Validation files',
      optional: true,
      placeholder: 'Pick files (optional)',
      options: fileOptions(input.files),
      initial: d?.validationFiles ?? [],
    }),
  );
  const note = fileNote(input.files.length, input.backendLabel);
  if (note) blocks.push(context(CREATE_BLOCK.filesNote, [note]));
  blocks.push(
    ...hyperparameterBlocks(d),
    textInput('suffix', {
      label: 'Suffix',
      optional: true,
      hint: FORM_HINT.suffix,
      initial: d?.suffix,
      maxLength: 18,
    }),
    ...wandbBlocks(d),
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
