import { isLiveWatch } from '../domain/watch.js';
import type { StoredWatch } from '../store/watch-store.js';
import { buildRetiredNotice } from '../views/watch-notices.js';
import { postOnce } from './outbox.js';
import { patchWatch } from './patch-watch.js';
import type { WatchDeps } from './watch-deps.js';

const pausedReason = (backend: string) =>
  `Paused: ${backend} answers 410 Gone (fine-tuning API retired); resumes when it works again.`;
const noticeKey = (channel: string) => `retired:${channel}`;

async function liveWatches(d: WatchDeps): Promise<StoredWatch[]> {
  const ids = await d.store.activeJobIds();
  const all = await Promise.all(ids.map((id) => d.store.ofJob(id)));
  return all.flat().filter(isLiveWatch);
}

/**
 * The provider answered 410: every live watch is paused and each channel is told once (the notice is in
 * the outbox, so later ticks and restarts find it sent and stay quiet).
 */
export async function pauseForRetirement(d: WatchDeps): Promise<void> {
  const watches = await liveWatches(d);
  for (const w of watches.filter((x) => x.state === 'active')) {
    await patchWatch(d, w, { state: 'paused', reason: pausedReason(d.backend.label) });
  }
  for (const channel of new Set(watches.map((w) => w.channel))) {
    const jobId = watches.find((w) => w.channel === channel)?.jobId ?? '';
    try {
      await postOnce(d, {
        key: noticeKey(channel),
        channel,
        jobId,
        kind: 'notice',
        status: 'RETIRED',
        message: buildRetiredNotice(d.view()),
      });
    } catch (err) {
      d.logger.warn({ err, channel }, 'could not post the retirement notice');
    }
  }
}

/** The provider works again: paused watches resume, and a later retirement may be announced anew. */
export async function resumeAfterRetirement(d: WatchDeps): Promise<void> {
  const paused = await d.store.pausedWatches();
  for (const w of paused) await patchWatch(d, w, { state: 'active', reason: undefined });
  for (const channel of new Set(paused.map((w) => w.channel))) await d.store.deletePost(noticeKey(channel));
}
