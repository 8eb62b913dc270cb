/** Block IDs of the watch messages (thread replies, summaries, DMs, `watching`). */
export const WATCH_BLOCK = {
  transition: 'watch_transition_block',
  summary: 'watch_summary_block',
  summaryFields: 'watch_summary_fields_block',
  notice: 'watch_notice_block',
  list: 'watch_list_block',
  listMore: 'watch_list_more_block',
} as const;
