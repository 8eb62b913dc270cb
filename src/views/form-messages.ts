/**
 * What the create form says next to a field, exported so tests expect exactly the same words.
 * Sentences that depend on the provider take its label or its numbers; Mistral's read as before.
 */
export const FORM_MSG = {
  model: 'Pick a base model.',
  jobType: (types: readonly string[]) => `Pick ${types.join(' or ')}.`,
  trainingFiles: 'Pick at least one training file, or upload one below.',
  /** A file uploaded beside picked ones makes one too many. */
  tooManyWithUpload: (label: string, kind: 'training' | 'validation', max: number) =>
    max === 1
      ? `${label} takes one ${kind} file: upload one or pick one, not both.`
      : `${label} takes at most ${max} ${kind} files, the uploaded one included.`,
  noValidation: (label: string) => `${label} takes no validation file.`,
  uploadMalformed: 'Slack sent this file in a form the app cannot read; upload it again.',
  /** "Together AI takes one training file: pick one." */
  tooManyFiles: (label: string, kind: 'training' | 'validation', max: number) =>
    max === 1
      ? `${label} takes one ${kind} file: pick one.`
      : `${label} takes at most ${max} ${kind} files: pick ${max} or fewer.`,
  fileId: 'This is not a file from the list; pick the file again.',
  overlap: 'A file cannot be both a training and a validation file.',
  stepsOrEpochs: 'Give training steps or epochs (or both).',
  suffix: (max: number) => `Use at most ${max} letters, digits, _ or -.`,
  wandbProject: 'Give the W&B project: it is needed when a run name or key is given.',
  /** Where the provider takes no key per job, only a run name can ask for a project. */
  wandbProjectForRun: 'Give the W&B project: it is needed when a run name is given.',
  wandbKeyMissing: (keyLength?: number) =>
    keyLength === undefined
      ? 'Give the W&B API key: the project needs it.'
      : `Give the W&B API key (${keyLength} characters): the project needs it.`,
  wandbKeyLength: (n: number, label: string, keyLength: number) =>
    `A W&B API key for ${label} is exactly ${keyLength} characters; this one has ${n}. Paste it again.`,
  wandbKeyNewFormat: (label: string, keyLength: number) =>
    `This is a new-format W&B key (wandb_v1_…, 86 characters). ${label}'s API accepts only ${keyLength}-character W&B keys, so it would reject this one; use a ${keyLength}-character key.`,
  /** A provider's pattern without a sentence of its own. */
  wandbKeyRefused: (label: string) => `${label} does not accept this W&B API key; paste it again.`,
  wandbKeySpaces: 'A W&B API key has no spaces; paste it again.',
  channel: 'Pick a channel for the updates.',
  wandbText: 'Use at most 128 characters.',
} as const;

const KEY_NOT_KEPT = 'Used only for this request: never stored or shown again.';
const KEY_AGAIN = 'The app never keeps your key, so enter it again if you want W&B tracking.';

/** Hints under fields; the W&B key hint states the provider's rule up front. */
export const FORM_HINT = {
  /** Mistral's hyperparameter hints, written for MISTRAL_CAPABILITIES' bounds and defaults. */
  mistral: {
    trainingSteps: 'A whole number ≥ 1. Give training steps, epochs, or both.',
    learningRate: 'Peak learning rate, from 1e-8 to 1. Default 1e-4 (0.0001).',
    weightDecay: (label: string) => `From 0 to 1. ${label} uses 0.1 when empty.`,
    warmupFraction: (label: string) =>
      `Fraction of steps spent warming up, from 0 to 1. ${label} uses 0.05 when empty.`,
    epochs: 'A number > 0, e.g. 1 or 2.5.',
    seqLen: 'A whole number ≥ 100 (tokens).',
  },
  stepsOrEpochs: 'Give training steps, epochs, or both.',
  defaultLearningRate: (rate: number) => `Default ${rate}.`,
  suffix: (max: number) => `Up to ${max} letters, digits, _ or -. Becomes part of the model name.`,
  wandbKey: (label: string, rule: { keyLength?: number; keyRule?: string }) => {
    if (rule.keyLength !== undefined) {
      const refused = rule.keyLength === 86 ? '' : '; new 86-character wandb_v1_ keys are refused';
      return `Exactly ${rule.keyLength} characters (${label}'s limit${refused}). ${KEY_NOT_KEPT}`;
    }
    return rule.keyRule ? `${rule.keyRule} ${KEY_NOT_KEPT}` : KEY_NOT_KEPT;
  },
  wandbKeyAgain: (keyLength?: number) =>
    keyLength === undefined ? KEY_AGAIN : `Exactly ${keyLength} characters. ${KEY_AGAIN}`,
  autoStart: 'Shows the estimated cost first, then starts training as soon as the data is validated.',
  channel: 'The job card and its updates go here.',
} as const;
