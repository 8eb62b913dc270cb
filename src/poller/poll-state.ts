import type { JobState } from '../store/watch-store.js';

/**
 * What the poller remembers between passes, in memory, each map bounded by the jobs watched now
 * (`pruneTo` runs every pass). What the cards show is also persisted per job (`JobState`), so a
 * restarted or newly elected instance reads it back instead of fetching every job.
 */
export interface PollState {
  /** Per job: what its cards show (mirror of the stored `JobState`). */
  seen: Map<string, JobState>;
  /** Jobs whose stored state this process has looked up (found or not), so it reads each once. */
  looked: Set<string>;
  /** Per job: consecutive failures and when to try again (ms). */
  backoff: Map<string, { failures: number; until: number }>;
  /** Jobs whose watches are being brought up to date (their posts wait in channel queues), since when (ms). */
  inFlight: Map<string, number>;
  /** No provider call before this (ms): set by a 429's Retry-After. */
  pausedUntil: number;
  /** True while the provider answers 410; undefined after a (re)start, when paused watches may be stored. */
  retired?: boolean;
  /** The last status scan: its window, pages and `total` (when the provider tells it), for estimates. */
  lastScan?: { createdAfterSeconds: number; pages: number; total?: number };
  /** When the store was last swept of what outlived its retention (ms). */
  sweptAt: number;
}

export function createPollState(): PollState {
  return {
    seen: new Map(),
    looked: new Set(),
    backoff: new Map(),
    inFlight: new Map(),
    pausedUntil: 0,
    retired: undefined,
    sweptAt: 0,
  };
}

/** Forgets every job no longer watched; returns those whose cards' state it knew (to drop from the store). */
export function pruneTo(state: PollState, live: ReadonlySet<string>): string[] {
  const gone = [...state.seen.keys()].filter((id) => !live.has(id));
  for (const id of gone) state.seen.delete(id);
  for (const id of state.backoff.keys()) if (!live.has(id)) state.backoff.delete(id);
  for (const id of state.looked) if (!live.has(id)) state.looked.delete(id);
  return gone;
}
