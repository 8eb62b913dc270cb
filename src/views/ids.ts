/**
 * Every callback, action and block ID of the Slack surface, in one place. The registrars, the
 * builders and the tests import these; no ID string is written twice.
 */
export const COMMAND = '/finetune';

export const ACTION = {
  /** Button on a list row: value = job id. */
  jobDetails: 'job_details_button',
  /** Button on a card: value = job id. */
  jobRefresh: 'job_refresh_button',
  /** Button on a card: value = job id. Posts the card to the channel for everyone. */
  jobShare: 'job_share_button',
  /** List paging: value = encoded list query (see views/list-query.ts). */
  listPrev: 'list_prev_button',
  listNext: 'list_next_button',
  /** Help message: opens the create modal. */
  openCreate: 'open_create_button',
  /** Card buttons for issue 3/4. value = job id. */
  jobStart: 'job_start_button',
  jobCancel: 'job_cancel_button',
  jobWatch: 'job_watch_button',
  /** Button on a watched card: value = job id. Opens the watch's settings modal. */
  jobSettings: 'job_settings_button',
  /** On an approval request in a card's thread: value = request id. */
  approvalApprove: 'approval_approve_button',
  approvalDecline: 'approval_decline_button',
} as const;

/** Message shortcuts (manifest.yml `features.shortcuts`): finds a job in the message it is used on. */
export const SHORTCUT = {
  watchHere: 'watch_job_here_shortcut',
} as const;

export const VIEW = {
  createJob: 'create_job_view',
  createLoading: 'create_loading_view',
  createEstimate: 'create_estimate_view',
  /** `/finetune upload`: one file input, checked and sent to the provider. */
  uploadFile: 'upload_file_view',
  /** A watch's settings, from its card's Settings button. */
  watchSettings: 'watch_settings_view',
  /** "Creating…" and result views: no submit, nothing to handle. */
  createResult: 'create_result_view',
  /** Decline of an approval request: an optional reason. */
  approvalDecline: 'approval_decline_view',
} as const;

/** Message metadata event type on bot posts, so the app can recognise its own messages. */
export const METADATA_EVENT = 'finetune_job_update';

/** Block IDs of every builder: snake_case with a role suffix, unique within a message. */
export const BLOCK = {
  helpUnknown: 'help_unknown_block',
  helpHeader: 'help_header_block',
  helpCommands: 'help_commands_block',
  helpJobRef: 'help_job_ref_block',
  helpActions: 'help_actions_block',
  listHeader: 'list_header_block',
  listEmpty: 'list_empty_block',
  listPage: 'list_page_block',
  listActions: 'list_actions_block',
  jobHeader: 'job_header_block',
  jobFineTunedModel: 'job_fine_tuned_model_block',
  jobSummary: 'job_summary_block',
  jobProgress: 'job_progress_block',
  jobHyperparameters: 'job_hyperparameters_block',
  jobFiles: 'job_files_block',
  jobMetadata: 'job_metadata_block',
  jobWandb: 'job_wandb_block',
  jobEvents: 'job_events_block',
  jobFooter: 'job_footer_block',
  jobActions: 'job_actions_block',
  notice: 'notice_block',
  ambiguousIntro: 'ambiguous_intro_block',
  ambiguousMore: 'ambiguous_more_block',
  /** Stands in for blocks cut by `fitBlocks`. */
  blocksOmitted: 'blocks_omitted_block',
  sandboxNote: 'sandbox_note_block',
  /** The compact card a pasted console link unfurls into. */
  unfurlSummary: 'unfurl_summary_block',
  unfurlFooter: 'unfurl_footer_block',
  approvalRequest: 'approval_request_block',
  approvalActions: 'approval_actions_block',
  approvalAwaiting: 'approval_awaiting_block',
  approvalOutcome: 'approval_outcome_block',
  declineReason: 'decline_reason_block',
  auditList: 'audit_list_block',
  budget: 'budget_block',
} as const;

/** Action IDs of inputs inside modals. */
export const INPUT = {
  declineReason: 'decline_reason_input',
} as const;

/** One row per job in lists; the index keeps block IDs unique even if a job appears twice. */
export function jobRowBlockId(index: number): string {
  return `job_row_${index}_block`;
}

/** Block IDs of the App Home tab (`home-view.ts`); the `*_row_<i>` ones come from `homeRowBlockId`. */
export const HOME_BLOCK = {
  header: 'home_header_block',
  updated: 'home_updated_block',
  actions: 'home_actions_block',
  noticeEnd: 'home_notice_end_block',
  noChannel: 'home_no_channel_block',
  awaitingTitle: 'home_awaiting_title_block',
  awaitingMore: 'home_awaiting_more_block',
  jobsTitle: 'home_jobs_title_block',
  jobsEmpty: 'home_jobs_empty_block',
  jobsMore: 'home_jobs_more_block',
  watchesTitle: 'home_watches_title_block',
  watchesEmpty: 'home_watches_empty_block',
  watches: 'home_watches_block',
  watchesMore: 'home_watches_more_block',
  sandboxNote: 'home_sandbox_note_block',
} as const;

/** One Home row per job and list: the index keeps IDs unique when a job is in two lists. */
export function homeRowBlockId(list: 'awaiting' | 'job', index: number): string {
  return `home_${list}_row_${index}_block`;
}

/** Block IDs of the watch messages (thread replies, summaries, DMs, `watching`). */
export const WATCH_BLOCK = {
  transition: 'watch_transition_block',
  summary: 'watch_summary_block',
  summaryFields: 'watch_summary_fields_block',
  notice: 'watch_notice_block',
  list: 'watch_list_block',
  listMore: 'watch_list_more_block',
  muteSummary: 'watch_mute_summary_block',
  goneCard: 'watch_gone_card_block',
} as const;

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

/**
 * The create form's `file_input` fields (a JSONL from the user's computer, beside the pickers) and
 * the one of `/finetune upload`. Kept apart from FORM: their state is files, not typed values, and
 * Slack cannot show a file again in a re-opened form.
 */
export const UPLOAD = {
  training: { block: 'training_upload_block', action: 'training_upload_file' },
  validation: { block: 'validation_upload_block', action: 'validation_upload_file' },
  file: { block: 'upload_file_block', action: 'upload_file_input' },
  jobType: { block: 'upload_job_type_block', action: 'upload_job_type_radio' },
} as const;

export type UploadField = keyof typeof UPLOAD;

export type FormField = keyof typeof FORM;

/** The watch settings modal's fields. */
export const WATCH_FORM = {
  intro: 'watch_settings_intro',
  only: { block: 'watch_only_block', action: 'watch_only_select' },
  broadcast: { block: 'watch_broadcast_block', action: 'watch_broadcast_select' },
  mention: { block: 'watch_mention_block', action: 'watch_mention_select' },
} as const;

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
  uploadNote: 'create_upload_note',
  trainingUploadProblem: 'training_upload_problem',
  validationUploadProblem: 'validation_upload_problem',
  uploadSummary: 'upload_summary',
} as const;

/** Early-warning replies in a card's thread (`watch-warning.ts`). */
export const WARNING_BLOCK = {
  raised: 'watch_warning_block',
  cleared: 'watch_warning_cleared_block',
} as const;
