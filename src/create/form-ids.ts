/**
 * Block and action IDs of the create-job modal. The form builder, the schema that reads
 * `view.state.values`, the error mapping and the tests all import these; `response_action: "errors"`
 * is keyed by the `*_block` IDs.
 */
export const FORM = {
  model: { block: 'model_block', action: 'model_select' },
  jobType: { block: 'job_type_block', action: 'job_type_radio' },
  trainingFiles: { block: 'training_files_block', action: 'training_files_select' },
  validationFiles: { block: 'validation_files_block', action: 'validation_files_select' },
  trainingSteps: { block: 'training_steps_block', action: 'training_steps_input' },
  learningRate: { block: 'learning_rate_block', action: 'learning_rate_input' },
  weightDecay: { block: 'weight_decay_block', action: 'weight_decay_input' },
  warmupFraction: { block: 'warmup_fraction_block', action: 'warmup_fraction_input' },
  epochs: { block: 'epochs_block', action: 'epochs_input' },
  seqLen: { block: 'seq_len_block', action: 'seq_len_input' },
  suffix: { block: 'suffix_block', action: 'suffix_input' },
  wandbProject: { block: 'wandb_project_block', action: 'wandb_project_input' },
  wandbRun: { block: 'wandb_run_block', action: 'wandb_run_input' },
  wandbKey: { block: 'wandb_key_block', action: 'wandb_key_input' },
  autoStart: { block: 'auto_start_block', action: 'auto_start_checkbox' },
  channel: { block: 'channel_block', action: 'channel_select' },
} as const;

export type FormField = keyof typeof FORM;

/** The value of the single "auto start" checkbox. */
export const AUTO_START_VALUE = 'auto_start';

/** Non-input blocks of the create views. */
export const CREATE_BLOCK = {
  intro: 'create_intro',
  problem: 'create_problem',
  filesNote: 'create_files_note',
  hyperHeader: 'create_hyper_header',
  wandbHeader: 'create_wandb_header',
  deliveryHeader: 'create_delivery_header',
  loading: 'create_loading',
  estimate: 'create_estimate',
  estimateNote: 'create_estimate_note',
  result: 'create_result',
} as const;

/** Extra callback IDs of the create flow (the main ones are in views/ids.ts). */
export const CREATE_VIEW = {
  /** "Creating…" and result views: no submit, nothing to handle. */
  result: 'create_result_view',
} as const;
