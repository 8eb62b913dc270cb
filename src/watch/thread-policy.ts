import { isTerminalStatus, phaseOf } from '../domain/status.js';
import type { MentionRule, WatchSettings } from '../domain/watch-settings.js';

/**
 * A failure, as the settings mean it: FAILED, FAILED_VALIDATION, and CANCELLED unless the bot knows
 * the job's creator cancelled it themselves (a cancel outside the bot, or of a job created outside
 * it, has nobody to tell it from, so it counts: a filter must not hide what may need attention).
 */
export function isFailure(status: string, cancelledByCreator: boolean): boolean {
  const phase = phaseOf(status);
  if (phase === 'failed') return true;
  return phase === 'cancelled' && !cancelledByCreator;
}

/** What a status change posts in the thread of a watch's card. */
export interface ThreadDecision {
  /** A reply in the thread (when false, the change is still recorded as handled: never posted later). */
  post: boolean;
  /** The reply is also sent to the channel. */
  broadcast: boolean;
  /** Who the reply mentions (on a failure only). */
  mention: MentionRule;
}

const NOBODY: MentionRule = { kind: 'none' };

/**
 * The one filter decision: whether the change is posted, broadcast, and who it mentions. Pure, so a
 * reader of any feature (warnings, Home) can ask the same question and get the same answer.
 */
export function decideThreadPost(
  settings: WatchSettings,
  change: { status: string; cancelledByCreator: boolean },
): ThreadDecision {
  const terminal = isTerminalStatus(change.status);
  const failure = isFailure(change.status, change.cancelledByCreator);
  const post = settings.only === 'all' || (settings.only === 'terminal' ? terminal : failure);
  const broadcast =
    post && terminal && (settings.broadcast === 'always' || (settings.broadcast === 'failures' && failure));
  return { post, broadcast, mention: post && failure ? settings.mention : NOBODY };
}

/** True while the watch is muted: nothing goes in its thread (the card keeps updating). */
export { isMuted } from '../domain/watch-settings.js';
