import { JOB_GONE } from '../domain/status.js';
import { isLiveWatch } from '../domain/watch.js';
import type { StoredWatch } from '../store/watch-store.js';
import { buildJobGoneReply } from '../views/watch-notices.js';
import { endMute } from './mute.js';
import { postOnce } from './outbox.js';
import { disableWatch, patchWatch } from './patch-watch.js';
import { isPermanentSlackError, slackErrorCode } from './slack-errors.js';
import { markCardGone, watchKeyOf } from './sync-watch.js';
import { isMuted } from './thread-policy.js';
import type { WatchDeps } from './watch-deps.js';

/**
 * The provider says the job does not exist (404): each of its watches ends with a reply in the
 * thread, or, while muted, held for the mute's summary as a terminal status is (nothing in the thread
 * until the mute ends, by the clock or `unmute`, even though the watch has ended).
 */
export async function endWatchesOfGoneJob(d: WatchDeps, jobId: string): Promise<void> {
  const watches = (await d.store.ofJob(jobId)).filter(isLiveWatch);
  for (const found of watches) {
    let w: StoredWatch = found;
    // One instant for both questions: a mute is either summed up first or holds the end, never neither.
    const now = d.now();
    try {
      // A mute that ended before is summed up first, so the thread stays in order (as `syncWatch`).
      if (w.mutedUntil !== undefined && !isMuted(w, now)) w = await endMute(d, w);
      const ended = { state: 'finished' as const, reason: `The job no longer exists on ${d.backend.label}.` };
      // The card says so at once, muted or not (a mute holds thread replies, not the card).
      markCardGone(d, w);
      if (isMuted(w, now)) {
        // Held in the same write that ends the watch: no later pass posts the reply after the summary.
        const held = `${JOB_GONE}@${Math.floor(now / 1000)}`;
        await patchWatch(d, w, { ...ended, heldWhileMuted: [...(w.heldWhileMuted ?? []), held] });
        continue;
      }
      await postOnce(d, {
        key: `gone:${watchKeyOf(w)}`,
        channel: w.channel,
        threadTs: w.cardTs,
        jobId,
        kind: 'notice',
        status: JOB_GONE,
        message: buildJobGoneReply(d.view(), jobId),
      });
      await patchWatch(d, w, ended);
    } catch (err) {
      const code = slackErrorCode(err);
      if (code && isPermanentSlackError(err)) await disableWatch(d, w, code);
      else d.logger.warn({ err, jobId, channel: w.channel }, 'could not end the watch of a gone job');
    }
  }
}
