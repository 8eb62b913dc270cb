import type { JobDetails } from './job.js';
import type { WatchSettings } from './watch-settings.js';

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
  /** What the thread gets (see `watch-settings.ts`); absent on records older than settings: the defaults. */
  settings?: WatchSettings;
  /** Milliseconds: nothing is posted in the thread until then; a summary follows. */
  mutedUntil?: number;
}

/** What `mute` / `unmute` found. */
export type MuteOutcome = 'muted' | 'unmuted' | 'not_muted' | 'not_watched';

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
    /**
     * Settings given with the request: a new watch takes them over the channel's defaults; a live
     * watch has them changed (`updated`), never re-posting what was already handled.
     */
    settings?: Partial<WatchSettings>;
  }): Promise<{ outcome: 'started' | 'already' | 'updated'; cardTs?: string; settings?: WatchSettings }>;
  /** Nothing in the thread until `untilMs`; what happens meanwhile is summed up in one reply then. */
  mute(input: { jobId: string; channel: string; untilMs: number }): Promise<MuteOutcome>;
  /** Ends a mute now, with its summary. */
  unmute(input: { jobId: string; channel: string }): Promise<MuteOutcome>;
  /** The settings new watches in the channel take (`/finetune settings`). */
  channelDefaults(channel: string): Promise<WatchSettings>;
  setChannelDefaults(channel: string, settings: Partial<WatchSettings>): Promise<WatchSettings>;
  unwatch(input: { jobId: string; channel: string; userId: string }): Promise<'stopped' | 'not_watched'>;
  /** This channel's watches, including those ended or disabled in the last `RETENTION_DAYS`. */
  watching(channel: string): Promise<WatchRecord[]>;
  /** A thread reply on every card of the job (e.g. "Training started by <@U…>"), then the cards are refreshed. */
  announce(job: JobDetails, text: string): Promise<void>;
}
