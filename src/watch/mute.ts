import { WARNING_LABEL } from '../domain/warning.js';
import type { MuteEntry, StoredWatch } from '../store/watch-store.js';
import { buildMuteSummary } from '../views/watch-settings.js';
import { decideFor } from './decide.js';
import { postOnce } from './outbox.js';
import { disableWatch, patchWatch } from './patch-watch.js';
import { isPermanentSlackError, slackErrorCode } from './slack-errors.js';
import type { WatchDeps } from './watch-deps.js';

/**
 * Ends the watch's mute with one reply summing up what the thread would have got meanwhile (sent to
 * the channel and mentioning as the settings say when a failure was among it), exactly once: the
 * outbox key names the watch and the mute's end, so the poller and `unmute` racing post it once.
 */
export async function endMute(d: WatchDeps, w: StoredWatch): Promise<StoredWatch> {
  const untilMs = w.mutedUntil;
  if (untilMs === undefined) return w;
  if (w.cardTs) {
    const statuses = (w.heldWhileMuted ?? []).map((k) => k.slice(0, k.lastIndexOf('@')));
    const decisions = await Promise.all(statuses.map((s) => decideFor(d, w, s)));
    const mention = decisions.find((x) => x.mention)?.mention;
    const warnings = (w.warnings ?? [])
      .filter((r) => r.whileMuted)
      .map((r) => `${WARNING_LABEL[r.kind]}${r.clearedMs === undefined ? '' : ' (cleared)'}`);
    await postOnce(d, {
      key: `unmute:${w.jobId}:${w.channel}:${w.startedMs}:${untilMs}`,
      channel: w.channel,
      threadTs: w.cardTs,
      broadcast: decisions.some((x) => x.broadcast),
      jobId: w.jobId,
      kind: 'notice',
      status: 'MUTE_ENDED',
      message: buildMuteSummary(d.view(), {
        jobId: w.jobId,
        untilMs: Math.min(untilMs, d.now()),
        statuses,
        warnings,
        mention,
      }),
    });
  }
  // Warnings told in the summary are settled: none is posted or cleared in the thread later.
  const warnings = w.warnings?.map(({ whileMuted: _, ...r }) => r);
  return (
    (await patchWatch(d, w, {
      mutedUntil: undefined,
      heldWhileMuted: undefined,
      ...(warnings ? { warnings } : {}),
    })) ?? w
  );
}

/**
 * Once per poll pass: the mutes due to end, from the muted index (O(muted), no watch scanned), each
 * ended with its summary, whether or not its job moved. Failures are isolated per watch; a transient
 * one is retried next pass (the entry stays).
 */
export async function endDueMutes(
  d: WatchDeps,
): Promise<{ errors: { jobId: string; kind: 'slack'; message: string }[] }> {
  const due = await d.store.mutesDue(d.now());
  const errors: { jobId: string; kind: 'slack'; message: string }[] = [];
  await Promise.all(
    due.map(async (e: MuteEntry) => {
      const w = await d.store.get(e.jobId, e.channel);
      if (!w || w.mutedUntil !== e.untilMs) return d.store.forgetMute(e);
      try {
        await endMute(d, w);
      } catch (err) {
        const code = slackErrorCode(err);
        if (code && isPermanentSlackError(err)) {
          await disableWatch(d, w, code);
          await d.store.forgetMute(e);
          return;
        }
        d.logger.warn(
          { err, jobId: e.jobId, channel: e.channel },
          'could not end a mute; retrying next pass',
        );
        errors.push({
          jobId: e.jobId,
          kind: 'slack',
          message: err instanceof Error ? err.message : String(err),
        });
      }
    }),
  );
  return { errors };
}
