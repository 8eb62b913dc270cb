import { createKeyedLock } from '../lib/keyed-lock.js';
import type { StoredWatch } from '../store/watch-store.js';
import { buildWatchDisabledDm, disabledReason } from '../views/watch-notices.js';
import { postOnce } from './outbox.js';
import type { WatchDeps } from './watch-deps.js';

const isEnded = (w: StoredWatch) => w.state === 'finished' || w.state === 'disabled';

/**
 * Merges a change into the stored watch, re-read first so a concurrent unwatch is not undone: an
 * ended watch never comes back to life here, and a newer watch of the same job×channel is left alone.
 * Returns the stored result, or undefined when this watch was replaced.
 */
export async function patchWatch(
  d: WatchDeps,
  w: StoredWatch,
  patch: Partial<StoredWatch>,
): Promise<StoredWatch | undefined> {
  const fresh = await d.store.get(w.jobId, w.channel);
  if (!fresh || fresh.startedMs !== w.startedMs) return undefined;
  const { state, reason, ...rest } = patch;
  const next: StoredWatch = isEnded(fresh)
    ? { ...fresh, ...rest }
    : { ...fresh, ...rest, ...(state ? { state, reason } : {}) };
  await d.store.put(next, fresh);
  return next;
}

/** One disable of a watch at a time in this process: the second caller finds it disabled. */
const oneDisablePerWatch = createKeyedLock();

/**
 * A permanent Slack error: the watch stops with a reason `watching` shows, and its owner hears why,
 * once. Several calls of one watch fail together (an archived channel fails the card edit and the
 * thread post at once): the disables are serialized per watch and only the one that finds the watch
 * live goes on. The DM goes through the outbox under a key of the watch, before the state is
 * written, so a crash between the two leaves a live watch whose next failure finds the DM sent.
 */
export function disableWatch(d: WatchDeps, w: StoredWatch, slackError: string): Promise<void> {
  // The watch's identity, as `watchKeyOf` in sync-watch.ts (a re-watch gets its own DM).
  const watchKey = `${w.jobId}:${w.channel}:${w.startedMs}`;
  return oneDisablePerWatch(watchKey, async () => {
    const reason = disabledReason(slackError);
    const fresh = await d.store.get(w.jobId, w.channel);
    if (!fresh || fresh.startedMs !== w.startedMs || isEnded(fresh)) return;
    d.logger.warn({ jobId: w.jobId, channel: w.channel, slackError }, 'watch disabled');
    try {
      const dm = await d.poster.openDm(w.userId);
      await postOnce(d, {
        key: `disabled:${watchKey}`,
        channel: dm,
        jobId: w.jobId,
        kind: 'dm',
        status: 'disabled',
        message: buildWatchDisabledDm(d.view(), w.jobId, w.channel, reason),
      });
    } catch (err) {
      d.logger.warn({ err, userId: w.userId }, 'could not tell the watch owner it was disabled');
    }
    await patchWatch(d, fresh, { state: 'disabled', reason });
  });
}
