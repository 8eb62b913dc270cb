import type { JobDetails } from '../domain/job.js';
import { isTerminalStatus } from '../domain/status.js';
import { isLiveWatch, type WatchService } from '../domain/watch.js';
import { settingsOf, type WatchSettings } from '../domain/watch-settings.js';
import { createKeyedLock } from '../lib/keyed-lock.js';
import type { StoredWatch } from '../store/watch-store.js';
import { buildAnnouncement, disabledReason } from '../views/watch-notices.js';
import { endWatchesOfGoneJob } from './job-gone.js';
import { endDueMutes, endMute } from './mute.js';
import type { PostOutcome } from './outbox.js';
import { disableWatch, patchWatch } from './patch-watch.js';
import { pauseForRetirement, resumeAfterRetirement } from './pause.js';
import { chartsPassed } from './post-charts.js';
import { isPermanentSlackError, slackErrorCode } from './slack-errors.js';
import { syncWarnings, thresholdsOf } from './sync-warnings.js';
import { postCard, refreshCard, rememberCard, syncWatch } from './sync-watch.js';
import { isMuted } from './thread-policy.js';
import { transitionsOf } from './transitions.js';
import { type JobClocks, scanWarnings } from './warnings.js';
import type { WatchDeps } from './watch-deps.js';

/** The card could not be posted for a reason no retry fixes; `reason` is the sentence for the user. */
export class WatchPostError extends Error {
  constructor(
    readonly slackError: string,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'WatchPostError';
  }
}

/**
 * The job with its events, which the baseline is made of. A job just created comes without them;
 * its baseline would then miss its real `QUEUED@<created_at>` event and the first pass would post
 * "QUEUED" in the thread of a card that already says so. When the fetch fails, the job given is
 * used (at worst one redundant reply).
 */
async function currentDetails(d: WatchDeps, jobId: string, job: JobDetails | undefined): Promise<JobDetails> {
  if (job && job.events.length > 0) return job;
  if (!job) return d.backend.getJob(jobId);
  try {
    return await d.backend.getJob(jobId);
  } catch (err) {
    d.logger.warn({ err, jobId }, 'could not fetch the new job; watching it as created');
    return job;
  }
}

/** What one `apply` did: the errors of the watches it could not bring up to date (retried next pass). */
export interface ApplyOutcome {
  /** Live watches of the job: one card edit each when the job is refreshed. */
  cards: number;
  errors: { jobId: string; kind: 'slack'; message: string }[];
  /** Milliseconds, when the job's next time-based warning falls due if it stays as it is. */
  warnDueMs?: number;
}

/**
 * The watch feature as the poller sees it: the poller plans and fetches, this applies what it
 * learned. Every rule about watches (what a change posts, when a watch ends, pausing on a 410) is here.
 */
export interface WatchEngine extends WatchService {
  /**
   * Brings every live watch of the job up to date with `job`: card, thread replies, warnings, the
   * end of the watch. Each post waits only for its own channel's queue; resolves when all are done.
   */
  apply(job: JobDetails, clocks?: JobClocks): Promise<ApplyOutcome>;
  /** The provider says the job does not exist: its watches end with a reply. */
  endGoneJob(jobId: string): Promise<void>;
  /** The provider answers 410: live watches pause, each channel told once. */
  pauseAll(): Promise<void>;
  /** The provider works again: paused watches resume. */
  resumeAll(): Promise<void>;
  /** Forgets what is remembered about the cards of jobs no longer watched. */
  forget(live: ReadonlySet<string>): void;
  /** Ends the mutes due (once per pass, from the muted index), each with its summary. */
  endMutes(): Promise<{ errors: ApplyOutcome['errors'] }>;
}

export function createWatchService(d: WatchDeps): WatchEngine {
  const withLock = createKeyedLock();

  return {
    async apply(job, clocks = {}) {
      d.onJobApplied?.(job);
      const watches = (await d.store.ofJob(job.id)).filter(isLiveWatch);
      const results = await Promise.allSettled(watches.map((w) => syncWatch(d, w, job, clocks)));
      const errors: ApplyOutcome['errors'] = [];
      for (const r of results) {
        if (r.status === 'fulfilled') continue;
        d.logger.warn(
          { err: r.reason, jobId: job.id },
          'could not bring a watch up to date; retrying next pass',
        );
        errors.push({ jobId: job.id, kind: 'slack', message: messageOf(r.reason) });
      }
      const { nextDueMs } = scanWarnings(job, clocks, thresholdsOf(d), d.now());
      return { cards: watches.length, errors, ...(nextDueMs === undefined ? {} : { warnDueMs: nextDueMs }) };
    },
    endGoneJob: (jobId) => endWatchesOfGoneJob(d, jobId),
    pauseAll: () => pauseForRetirement(d),
    resumeAll: () => resumeAfterRetirement(d),
    forget: (live) => d.cardShown.retain(live),
    endMutes: () => endDueMutes(d),

    watch: ({ jobId, channel, userId, job, settings }) =>
      withLock(`${jobId}:${channel}`, async () => {
        const existing = await d.store.get(jobId, channel);
        if (existing && isLiveWatch(existing)) {
          const current = settingsOf(existing);
          if (!settings) return { outcome: 'already' as const, cardTs: existing.cardTs, settings: current };
          // Only the settings change: what the watch already handled stays handled (never re-posted).
          const next = { ...current, ...settings };
          await patchWatch(d, existing, { settings: next });
          return { outcome: 'updated' as const, cardTs: existing.cardTs, settings: next };
        }
        const chosen: WatchSettings = { ...(await d.store.channelDefaults(channel)), ...settings };
        const details = await currentDetails(d, jobId, job);
        const nowMs = d.now();
        const w: StoredWatch = {
          jobId,
          channel,
          userId,
          createdAt: Math.floor(nowMs / 1000),
          state: 'active',
          settings: chosen,
          startedMs: nowMs,
          // What already happened is on the card; the thread gets what happens from now on. Chart
          // marks go first: the last entry is read as the status the card was posted with.
          baseline: [...chartsPassed(details), ...transitionsOf(details).map((t) => t.key)],
        };
        await d.store.put(w);
        let card: PostOutcome;
        try {
          card = await postCard(d, w, details);
        } catch (err) {
          const code = slackErrorCode(err);
          if (code && isPermanentSlackError(err)) {
            await d.store.put({ ...w, state: 'disabled', reason: disabledReason(code) });
            throw new WatchPostError(code, disabledReason(code));
          }
          // Transient: the watch stays active and the poller posts the card on its next pass.
          d.logger.warn({ err, jobId, channel }, 'could not post the job card yet');
          return { outcome: 'started' as const, settings: chosen };
        }
        const cardTs = card.ts;
        rememberCard(d, channel, card, details);
        // A card adopted rather than posted may show an older state: edit it now (the watch may end here).
        if (!card.posted) refreshCard(d, { ...w, cardTs }, details);
        const ended = isTerminalStatus(details.status)
          ? { state: 'finished' as const, reason: `Already ${details.status} when the watch began.` }
          : {};
        const begun = await patchWatch(d, w, { cardTs, ...ended });
        // A warning that already holds (queued for hours, over the cost threshold) is the new
        // thread's first reply: the poller applies a known job again only when it changes.
        if (begun && !ended.state) await warnNewWatch(d, begun, details);
        return { outcome: 'started' as const, cardTs, settings: chosen };
      }),

    mute: ({ jobId, channel, untilMs }) =>
      withLock(`${jobId}:${channel}`, async () => {
        const existing = await d.store.get(jobId, channel);
        if (!existing || !isLiveWatch(existing)) return 'not_watched' as const;
        // A mute set again moves its end; what it held so far stays for the one summary.
        await patchWatch(d, existing, { mutedUntil: untilMs });
        return 'muted' as const;
      }),

    unmute: ({ jobId, channel }) =>
      withLock(`${jobId}:${channel}`, async () => {
        const existing = await d.store.get(jobId, channel);
        if (!existing) return 'not_watched' as const;
        if (existing.mutedUntil === undefined) return 'not_muted' as const;
        await endMute(d, existing);
        return 'unmuted' as const;
      }),

    channelDefaults: (channel) => d.store.channelDefaults(channel),
    async setChannelDefaults(channel, settings) {
      const next = { ...(await d.store.channelDefaults(channel)), ...settings };
      await d.store.putChannelDefaults(channel, next);
      return next;
    },

    unwatch: ({ jobId, channel, userId }) =>
      withLock(`${jobId}:${channel}`, async () => {
        const existing = await d.store.get(jobId, channel);
        if (!existing || !isLiveWatch(existing)) return 'not_watched' as const;
        // A mute ends with the watch, without a summary: nobody asked for more from this thread.
        await d.store.put(
          { ...existing, state: 'finished', reason: `Stopped by <@${userId}>.`, mutedUntil: undefined },
          existing,
        );
        return 'stopped' as const;
      }),

    watching: (channel) => d.store.ofChannel(channel),

    async announce(job, text) {
      const watches = (await d.store.ofJob(job.id)).filter((w) => isLiveWatch(w) && w.cardTs);
      await Promise.all(
        watches.map(async (w) => {
          try {
            // Nothing goes in a muted thread; whoever acted was answered where they clicked.
            if (isMuted(w, d.now())) return refreshCard(d, w, job);
            await d.poster.post({
              channel: w.channel,
              threadTs: w.cardTs,
              message: buildAnnouncement(d.view(), text),
            });
            refreshCard(d, w, job);
          } catch (err) {
            const code = slackErrorCode(err);
            if (code && isPermanentSlackError(err)) return disableWatch(d, w, code);
            d.logger.warn({ err, jobId: job.id, channel: w.channel }, 'could not announce on the card');
          }
        }),
      );
    },
  };
}

async function warnNewWatch(d: WatchDeps, w: StoredWatch, job: JobDetails): Promise<void> {
  try {
    await syncWarnings(d, w, job);
  } catch (err) {
    d.logger.warn({ err, jobId: w.jobId, channel: w.channel }, 'could not post a warning on the new watch');
  }
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));
