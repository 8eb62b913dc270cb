import type { KnownBlock, PlainTextOption } from '@slack/types';
import type { BackendCapabilities } from '../backend/capabilities.js';
import type { HyperparameterKey, JobType } from '../domain/job.js';
import type { PublicDraft } from './create-draft.js';
import { hyperparameterHint } from './create-hints.js';
import { fileInput, multiSelectInput, radioInput, selectInput, textInput } from './create-inputs.js';
import { option } from './create-options.js';
import { FORM_HINT } from './form-messages.js';
import { CREATE_BLOCK, type FormField } from './ids.js';
import { context, header } from './kit.js';

/** The parts of the create form that follow the provider's capabilities. */

const NUMBER_MAX = 30;

/** The product's canonical job keeps suffixes of at most 18 characters, whatever a provider takes. */
export const MAX_SUFFIX = 18;
export const suffixLimit = (caps: BackendCapabilities) => Math.min(MAX_SUFFIX, caps.suffixMaxLength);

/** Every hyperparameter input the form can show, in the order it shows them. */
const HYPER_INPUTS: readonly { key: HyperparameterKey; field: FormField; label: string }[] = [
  { key: 'training_steps', field: 'trainingSteps', label: 'Training steps' },
  { key: 'epochs', field: 'epochs', label: 'Epochs' },
  { key: 'learning_rate', field: 'learningRate', label: 'Learning rate' },
  { key: 'weight_decay', field: 'weightDecay', label: 'Weight decay' },
  { key: 'warmup_fraction', field: 'warmupFraction', label: 'Warmup fraction' },
  { key: 'seq_len', field: 'seqLen', label: 'Sequence length' },
];

const JOB_TYPE_LABEL: Record<JobType, string> = {
  completion: 'Completion (chat, instruct)',
  classifier: 'Classifier',
};

/** Only the hyperparameters the provider takes; none at all leaves out the header too. */
export function hyperparameterBlocks(
  d: PublicDraft | undefined,
  caps: BackendCapabilities,
  backendLabel: string,
): KnownBlock[] {
  const inputs = HYPER_INPUTS.filter((h) => caps.hyperparameters[h.key]).map((h) => {
    const typed = d?.[h.field as keyof PublicDraft];
    let initial = typeof typed === 'string' ? typed : undefined;
    // A fresh form shows the provider's default, so what is sent is what was seen.
    if (!d && h.key === 'learning_rate' && caps.defaultLearningRate !== undefined) {
      initial = String(caps.defaultLearningRate);
    }
    const hint = hyperparameterHint(h.key, caps, backendLabel);
    return textInput(h.field, { label: h.label, hint, optional: true, initial, maxLength: NUMBER_MAX });
  });
  return inputs.length === 0 ? [] : [header(CREATE_BLOCK.hyperHeader, 'Hyperparameters'), ...inputs];
}

/** The radio only when there is a choice: with one job type there is nothing to pick. */
export function jobTypeBlocks(d: PublicDraft | undefined, caps: BackendCapabilities): KnownBlock[] {
  const [first] = caps.jobTypes;
  if (caps.jobTypes.length < 2 || first === undefined) return [];
  return [
    radioInput('jobType', {
      label: 'Job type',
      options: caps.jobTypes.map((t) => option(JOB_TYPE_LABEL[t], t)),
      initial: d?.jobType ?? first,
    }),
  ];
}

/**
 * A file picker limited to what the provider takes: one file is a single select (the schema reads
 * either shape under the same ids), more a multi-select with Slack's own `max_selected_items`.
 */
export function fileBlocks(
  d: PublicDraft | undefined,
  caps: BackendCapabilities,
  options: PlainTextOption[],
  problems?: UploadProblems,
): KnownBlock[] {
  const picker = (
    field: 'trainingFiles' | 'validationFiles',
    max: number,
    label: string,
    optional: boolean,
  ) => {
    const initial = d?.[field] ?? [];
    const tail = optional ? ' (optional)' : '';
    if (max === 1) {
      return selectInput(field, {
        label,
        optional,
        placeholder: `Pick a file${tail}`,
        options,
        initial: initial[0],
      });
    }
    return multiSelectInput(field, {
      label,
      optional,
      placeholder: optional ? 'Pick files (optional)' : 'Pick one or more files',
      options,
      initial: initial.slice(0, max),
      maxSelected: max,
    });
  };
  // Optional for Slack: a file uploaded below stands in for a picked one (the schema wants one of them).
  const training = caps.maxTrainingFiles === 1 ? 'Training file' : 'Training files';
  const blocks: KnownBlock[] = [picker('trainingFiles', caps.maxTrainingFiles, training, true)];
  blocks.push(
    fileInput('training', { label: 'Or upload training data (.jsonl)', hint: UPLOAD_HINT }),
    ...problemBlock(CREATE_BLOCK.trainingUploadProblem, problems?.training),
  );
  if (caps.maxValidationFiles > 0) {
    const label = caps.maxValidationFiles === 1 ? 'Validation file' : 'Validation files';
    blocks.push(
      picker('validationFiles', caps.maxValidationFiles, label, true),
      fileInput('validation', { label: 'Or upload validation data (.jsonl)', hint: UPLOAD_HINT }),
      ...problemBlock(CREATE_BLOCK.validationUploadProblem, problems?.validation),
    );
  }
  return blocks;
}

export const UPLOAD_HINT =
  "One JSON object per line, up to Slack's 10 MB. Checked before it is sent: nothing is uploaded if a line is wrong.";

/** Why a file uploaded before was refused, right under its field (a re-shown form has no file in it). */
export interface UploadProblems {
  training?: string;
  validation?: string;
}

function problemBlock(blockId: string, problem: string | undefined): KnownBlock[] {
  return problem ? [context(blockId, [`:warning: ${problem}`])] : [];
}

export function wandbBlocks(
  d: PublicDraft | undefined,
  caps: BackendCapabilities,
  backendLabel: string,
): KnownBlock[] {
  const blocks: KnownBlock[] = [
    header(CREATE_BLOCK.wandbHeader, 'Weights & Biases (optional)'),
    textInput('wandbProject', {
      label: 'W&B project',
      optional: true,
      initial: d?.wandbProject,
      maxLength: 128,
    }),
    textInput('wandbRun', { label: 'W&B run name', optional: true, initial: d?.wandbRun, maxLength: 128 }),
  ];
  // A provider that keeps the key in its own account settings is never given one here.
  if (!caps.wandb.perJobKey) return blocks;
  // The key field is always empty: the key never travels back to Slack, so a re-shown form asks again.
  const { keyLength } = caps.wandb;
  const hint = d?.wandbProject
    ? FORM_HINT.wandbKeyAgain(keyLength)
    : FORM_HINT.wandbKey(backendLabel, caps.wandb);
  blocks.push(
    textInput('wandbKey', {
      label: 'W&B API key',
      optional: true,
      hint,
      placeholder: keyLength === undefined ? 'Your W&B API key' : `${keyLength} characters`,
      maxLength: 200,
    }),
  );
  return blocks;
}

/** The inputs the form shows for these capabilities: inline errors may name only their blocks. */
export function shownFields(caps: BackendCapabilities): ReadonlySet<FormField> {
  const fields: FormField[] = [
    'model',
    'trainingFiles',
    'suffix',
    'wandbProject',
    'wandbRun',
    'autoStart',
    'channel',
  ];
  if (caps.jobTypes.length > 1) fields.push('jobType');
  if (caps.maxValidationFiles > 0) fields.push('validationFiles');
  if (caps.wandb.perJobKey) fields.push('wandbKey');
  for (const h of HYPER_INPUTS) if (caps.hyperparameters[h.key]) fields.push(h.field);
  return new Set(fields);
}
