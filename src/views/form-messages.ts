/** What the create form says next to a field, exported so tests expect exactly the same words. */
export const FORM_MSG = {
  model: 'Pick a base model.',
  jobType: 'Pick completion or classifier.',
  trainingFiles: 'Pick at least one training file.',
  fileId: 'This is not a file from the list; pick the file again.',
  overlap: 'A file cannot be both a training and a validation file.',
  stepsOrEpochs: 'Give training steps or epochs (or both).',
  suffix: 'Use at most 18 letters, digits, _ or -.',
  wandbProject: 'Give the W&B project: it is needed when a run name or key is given.',
  wandbKeyMissing: 'Give the W&B API key (40 characters): the project needs it.',
  wandbKeyLength: (n: number) =>
    `A W&B API key for Mistral is exactly 40 characters; this one has ${n}. Paste it again.`,
  wandbKeyNewFormat:
    "This is a new-format W&B key (wandb_v1_…, 86 characters). Mistral's API accepts only 40-character W&B keys, so it would reject this one; use a 40-character key.",
  wandbKeySpaces: 'A W&B API key has no spaces; paste it again.',
  channel: 'Pick a channel for the updates.',
  wandbText: 'Use at most 128 characters.',
} as const;

/** Hints under fields; the W&B key hint states the length rule up front. */
export const FORM_HINT = {
  trainingSteps: 'A whole number ≥ 1. Give training steps, epochs, or both.',
  learningRate: 'Peak learning rate, from 1e-8 to 1. Default 1e-4 (0.0001).',
  weightDecay: 'From 0 to 1. Mistral uses 0.1 when empty.',
  warmupFraction: 'Fraction of steps spent warming up, from 0 to 1. Mistral uses 0.05 when empty.',
  epochs: 'A number > 0, e.g. 1 or 2.5.',
  seqLen: 'A whole number ≥ 100 (tokens).',
  suffix: 'Up to 18 letters, digits, _ or -. Becomes part of the model name.',
  wandbKey:
    "Exactly 40 characters (Mistral's limit; new 86-character wandb_v1_ keys are refused). Used only for this request: never stored or shown again.",
  wandbKeyAgain:
    'Exactly 40 characters. The app never keeps your key, so enter it again if you want W&B tracking.',
  autoStart: 'Shows the estimated cost first, then starts training as soon as the data is validated.',
  channel: 'The job card and its updates go here.',
} as const;
