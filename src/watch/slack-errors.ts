import { PERMANENT_SLACK_ERRORS } from '../views/watch-notices.js';

/** Slack's error code of a failed Web API call (`channel_not_found`, …), if it was a platform error. */
export function slackErrorCode(err: unknown): string | undefined {
  const data = (err as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

/** True for errors no retry can fix: the watch is disabled instead of retried every tick. */
export function isPermanentSlackError(err: unknown): boolean {
  const code = slackErrorCode(err);
  return code !== undefined && code in PERMANENT_SLACK_ERRORS;
}
