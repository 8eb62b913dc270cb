import type { JobDetails } from '../domain/job.js';
import { isTerminalStatus } from '../domain/status.js';
import {
  type ActiveWarning,
  DEFAULT_WARNING_THRESHOLDS,
  type WarningKind,
  type WarningRecord,
} from '../domain/warning.js';
import type { StoredWatch } from '../store/watch-store.js';
import type { SlackMessage } from '../views/types.js';
import { buildWarningCleared, buildWarningReply } from '../views/watch-warning.js';
import { postOnce } from './outbox.js';
import { patchWatch } from './patch-watch.js';
import { isMuted } from './thread-policy.js';
import { type JobClocks, scanWarnings, warningId } from './warnings.js';
import type { WatchDeps } from './watch-deps.js';

/** The thresholds in force: the configured ones, else the defaults. */
export const thresholdsOf = (d: WatchDeps) => d.warnings ?? DEFAULT_WARNING_THRESHOLDS;

/**
 * Raises each warning that holds for the job and was not posted by this watch yet, and clears each
 * one it posted whose condition ended, one reply each in the card's thread. Every reply goes out
 * through the outbox under a key of the watch, kind and episode, and is recorded on the watch after,
 * so neither a crash nor a restart posts one twice. When the job ended, open warnings are closed
 * without a reply: its terminal summary says where it ended.
 */
export async function syncWarnings(
  d: WatchDeps,
  watch: StoredWatch,
  job: JobDetails,
  clocks: JobClocks = {},
): Promise<StoredWatch> {
  let w = watch;
  if (!w.cardTs) return w;
  const { active } = scanWarnings(job, clocks, thresholdsOf(d), d.now());
  // Muted: raised and cleared silently, recorded so the mute's summary tells them and none is posted later.
  const muted = isMuted(w, d.now());
  const holding = new Set(active.map(warningId));
  const ended = isTerminalStatus(job.status);
  for (const r of w.warnings ?? []) {
    if (r.clearedMs !== undefined || holding.has(warningId(r))) continue;
    if (!ended && !muted && !r.whileMuted) {
      await postWarning(d, w, job, r, 'clear', buildWarningCleared(d.view(), job, r.kind));
    }
    w = await recordWarnings(d, w, (all) =>
      all.map((x) => (warningId(x) === warningId(r) ? { ...x, clearedMs: d.now() } : x)),
    );
  }
  for (const a of active) {
    if ((w.warnings ?? []).some((r) => warningId(r) === warningId(a))) continue;
    if (!muted) await postWarning(d, w, job, a, 'raise', buildWarningReply(d.view(), job, a));
    const raised: WarningRecord = {
      kind: a.kind,
      episode: a.episode,
      raisedMs: d.now(),
      ...(muted ? { whileMuted: true } : {}),
    };
    w = await recordWarnings(d, w, (all) => [...all, raised]);
  }
  return w;
}

/**
 * The one place a warning reply is posted (raised or cleared): a thread reply on the card, once per
 * key. Gate it here (e.g. on a mute) to hold every warning post back at once.
 */
export async function postWarning(
  d: WatchDeps,
  w: StoredWatch,
  job: JobDetails,
  warning: { kind: WarningKind; episode: string } | ActiveWarning,
  step: 'raise' | 'clear',
  message: SlackMessage,
): Promise<void> {
  await postOnce(d, {
    // The watch's identity, as `watchKeyOf` in sync-watch.ts (a re-watch warns anew).
    key: `warn:${w.jobId}:${w.channel}:${w.startedMs}:${warning.kind}:${warning.episode}${step === 'clear' ? ':cleared' : ''}`,
    channel: w.channel,
    threadTs: w.cardTs,
    jobId: job.id,
    kind: step === 'raise' ? 'warning' : 'warning_cleared',
    status: warning.kind,
    message,
  });
}

async function recordWarnings(
  d: WatchDeps,
  w: StoredWatch,
  change: (all: WarningRecord[]) => WarningRecord[],
): Promise<StoredWatch> {
  return (await patchWatch(d, w, { warnings: change(w.warnings ?? []) })) ?? w;
}
