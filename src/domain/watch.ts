import type { JobDetails } from './job.js';

/** How long ended watches (and what they posted) are kept: what `watching` shows of the past. */
export const RETENTION_DAYS = 30;
export const RETENTION_MS = RETENTION_DAYS * 24 * 60 * 60 * 1000;

export type WatchState = 'active' | 'finished' | 'disabled' | 'paused';

/** A watch the poller still serves (paused ones resume when Mistral answers again). */
export const isLiveWatch = (w: { state: WatchState }): boolean =>
  w.state === 'active' || w.state === 'paused';

export interface WatchRecord {
  jobId: string;
  channel: string;
  /** Who started the watch (gets a DM if the watch has to be disabled). */
  userId: string;
  /** Unix seconds. */
  createdAt: number;
  state: WatchState;
  /** Why the watch ended or was disabled, in a sentence a user understands. */
  reason?: string;
  /** The card message in the channel, once posted. */
  cardTs?: string;
}

/**
 * Channel watchers and their job cards: the one place that posts, edits and threads job cards, so
 * the create flow, start/cancel and the poller all go through the same exactly-once machinery.
 */
export interface WatchService {
  /** Starts watching: posts the card in the channel (once) and remembers it. */
  watch(input: {
    jobId: string;
    channel: string;
    userId: string;
    job?: JobDetails;
  }): Promise<{ outcome: 'started' | 'already'; cardTs?: string }>;
  unwatch(input: { jobId: string; channel: string; userId: string }): Promise<'stopped' | 'not_watched'>;
  /** This channel's watches, including those ended or disabled in the last `RETENTION_DAYS`. */
  watching(channel: string): Promise<WatchRecord[]>;
  /** A thread reply on every card of the job (e.g. "Training started by <@U…>"), then the cards are refreshed. */
  announce(job: JobDetails, text: string): Promise<void>;
}
