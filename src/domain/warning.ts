import type { Checkpoint } from './job.js';

/** The early warnings a watch posts in the card's thread, each once, and clears once when it ends. */
export const WARNING_KINDS = ['queued', 'stalled', 'overfitting', 'cost'] as const;
export type WarningKind = (typeof WARNING_KINDS)[number];

/** When a warning is due; set through FINETUNE_WARN_* (see `config.ts` and the README). */
export interface WarningThresholds {
  /**
   * Minutes queued or validating before the warning. Undefined: the default, 30 minutes, or 15
   * minutes past the start time the provider estimates when that is later.
   */
  queuedMinutes?: number;
  /** Minutes training without a new step or checkpoint. */
  stalledMinutes: number;
  /** The reported cost (estimate or billed) above which to warn. Undefined: no cost warning. */
  cost?: { amount: number; currency: string };
}

export const DEFAULT_WARNING_THRESHOLDS: WarningThresholds = { stalledMinutes: 30 };
/** The default queued threshold without an estimated start time from the provider. */
export const DEFAULT_QUEUED_MINUTES = 30;
/** How long past the provider's estimated start time a job may still wait before the warning. */
export const ESTIMATE_GRACE_MINUTES = 15;

/**
 * A warning a watch posted: one per kind and episode (the queued status it began in, the progress
 * at which the job stalled, the best checkpoint of an overfit), so none is posted twice.
 */
export interface WarningRecord {
  kind: WarningKind;
  episode: string;
  /** Milliseconds, when it was posted. */
  raisedMs: number;
  /** Milliseconds, when its clear reply was posted (or, at the job's end, when it was closed). */
  clearedMs?: number;
  /** Raised while the watch was muted: not posted, told in the mute's summary instead (no clear reply). */
  whileMuted?: boolean;
}

/** How a mute's summary names a warning kind. */
export const WARNING_LABEL: Record<WarningKind, string> = {
  queued: 'waiting too long',
  stalled: 'stalled',
  overfitting: 'likely overfitting',
  cost: 'cost over the threshold',
};

/** A condition that holds now, with what its message needs. */
export type ActiveWarning =
  | { kind: 'queued'; episode: string; status: string; sinceMs: number; estimatedStart?: number }
  | { kind: 'stalled'; episode: string; sinceMs: number }
  | { kind: 'overfitting'; episode: string; last: Checkpoint[]; best: Checkpoint }
  | {
      kind: 'cost';
      episode: string;
      cost: number;
      currency?: string;
      threshold: { amount: number; currency: string };
    };
