/**
 * What the poller remembers between passes, in memory: a restarted or newly elected instance starts
 * empty and simply fetches every watched job once.
 */
export interface PollState {
  /** Per job: what the last successful pass saw (decides whether a listed job needs a get). */
  seen: Map<string, { status: string; modifiedAt: number; createdAt: number }>;
  /** Per job: consecutive failures and when to try again (ms). */
  backoff: Map<string, { failures: number; until: number }>;
  /** No Mistral call before this (ms): set by a 429's Retry-After. */
  pausedUntil: number;
  /** True while Mistral answers 410; undefined after a (re)start, when paused watches may be stored. */
  retired?: boolean;
  /** The last list's window and `total`, to guess whether listing is cheaper than GETs. */
  lastList?: { createdAfterSeconds: number; total: number };
}

export function createPollState(): PollState {
  return { seen: new Map(), backoff: new Map(), pausedUntil: 0, retired: undefined };
}
