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
} as const;

export const VIEW = {
  createJob: 'create_job_view',
  createLoading: 'create_loading_view',
  createEstimate: 'create_estimate_view',
} as const;

/** Message metadata event type on bot posts, so the app can recognise its own messages. */
export const METADATA_EVENT = 'finetune_job_update';
