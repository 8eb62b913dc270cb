import type { StoredWatch } from '../store/watch-store.js';
import { buildWatchDisabledDm, disabledReason } from '../views/watch-notices.js';
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
  await d.store.put(next);
  return next;
}

/** A permanent Slack error: the watch stops with a reason `watching` shows, and its owner hears why. */
export async function disableWatch(d: WatchDeps, w: StoredWatch, slackError: string): Promise<void> {
  const reason = disabledReason(slackError);
  const fresh = await d.store.get(w.jobId, w.channel);
  if (!fresh || fresh.startedMs !== w.startedMs || isEnded(fresh)) return;
  await d.store.put({ ...fresh, state: 'disabled', reason });
  d.logger.warn({ jobId: w.jobId, channel: w.channel, slackError }, 'watch disabled');
  try {
    const dm = await d.poster.openDm(w.userId);
    await d.poster.post({ channel: dm, message: buildWatchDisabledDm(d.view(), w.jobId, w.channel, reason) });
  } catch (err) {
    d.logger.warn({ err, userId: w.userId }, 'could not tell the watch owner it was disabled');
  }
}
