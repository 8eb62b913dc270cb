/** The Slack surface's builders: pure functions from data to Block Kit. */
export { buildAmbiguousJobMessage, MAX_CANDIDATES } from './ambiguous-job-message.js';
export { code, escapeMrkdwn, shortId } from './escape.js';
export { fitBlocks, fitTextBudget } from './fit.js';
export { dateToken, formatCost, formatCount, formatDuration, formatMetric } from './format.js';
export {
  buildHelpMessage,
  type HelpCommand,
  helpFallback,
  unknownCommandSentence,
  usageLine,
  whichJobSentence,
} from './help-message.js';
export { BLOCK, jobRowBlockId } from './ids.js';
export { buildJobCard, type JobCardOptions, jobCardFallback } from './job-card.js';
export { canStart, startConfirmText } from './job-card-actions.js';
export { MAX_EVENTS_SHOWN } from './job-card-events.js';
export { MAX_FILES_SHOWN } from './job-card-training.js';
export { buildJobListMessage, type JobListInput, MAX_ROWS } from './job-list-message.js';
export { LIMITS } from './limits.js';
export { buildNoticeMessage } from './notice-message.js';
export { type Progress, progressBar, progressOf } from './progress.js';
export { statusEmoji, UNKNOWN_STATUS_EMOJI } from './status.js';
export * from './strings.js';
export { ELLIPSIS, truncate, truncateMrkdwn } from './truncate.js';
export type { SlackMessage, ViewContext } from './types.js';
export { type WandbLink, wandbLink } from './wandb.js';
