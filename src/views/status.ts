import { isKnownStatus, type KnownJobStatus } from '../domain/job.js';
import { escapeMrkdwn } from './escape.js';
import { truncate } from './truncate.js';

const EMOJI: Record<KnownJobStatus, string> = {
  QUEUED: '⏳',
  STARTED: '🚀',
  VALIDATING: '🔍',
  VALIDATED: '☑️',
  RUNNING: '🏃',
  FAILED_VALIDATION: '⚠️',
  FAILED: '❌',
  SUCCESS: '✅',
  CANCELLED: '🚫',
  CANCELLATION_REQUESTED: '🛑',
};

/** Shown for status strings Mistral may add later: neutral, because we cannot tell good from bad. */
export const UNKNOWN_STATUS_EMOJI = '⚪';

/** A status we do not know is still shown verbatim; this keeps a runaway string from filling a line. */
const MAX_STATUS_LENGTH = 40;

export function statusEmoji(status: string): string {
  return isKnownStatus(status) ? EMOJI[status] : UNKNOWN_STATUS_EMOJI;
}

/** The status word as plain text, cut if absurdly long. */
export function statusWord(status: string): string {
  return truncate(status, MAX_STATUS_LENGTH);
}

/** "✅ SUCCESS" in mrkdwn. */
export function statusLabel(status: string): string {
  return `${statusEmoji(status)} ${escapeMrkdwn(statusWord(status))}`;
}
