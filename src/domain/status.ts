import { isKnownStatus, type KnownJobStatus } from './job.js';

/**
 * What a canonical status means, whatever the provider: the one place views, commands, buttons
 * and the poller ask. Each provider adapter maps its own strings onto the canonical statuses;
 * a string no adapter knows is shown verbatim and counts as `unknown` (live, nothing to act on
 * but cancel).
 */
export type StatusPhase =
  | 'queued'
  | 'validating'
  /** Validated and held until someone presses Start (Mistral's gate, or a draft the bot holds). */
  | 'waiting_for_start'
  | 'training'
  /** Cancel asked for, not yet done. */
  | 'ending'
  | 'succeeded'
  | 'failed'
  | 'cancelled'
  | 'unknown';

const PHASES: Record<KnownJobStatus, StatusPhase> = {
  QUEUED: 'queued',
  STARTED: 'training',
  VALIDATING: 'validating',
  VALIDATED: 'waiting_for_start',
  RUNNING: 'training',
  CANCELLATION_REQUESTED: 'ending',
  SUCCESS: 'succeeded',
  FAILED: 'failed',
  FAILED_VALIDATION: 'failed',
  CANCELLED: 'cancelled',
};

export function phaseOf(status: string): StatusPhase {
  return isKnownStatus(status) ? PHASES[status] : 'unknown';
}

/**
 * Not a provider status: what a watch records when the provider says its job does not exist (404),
 * as the status of the job-gone reply and, while muted, among what the mute held for its summary.
 */
export const JOB_GONE = 'NOT_FOUND';

/** Nothing more will happen to the job: the watch ends with a summary. */
export function isTerminalStatus(status: string): boolean {
  const p = phaseOf(status);
  return p === 'succeeded' || p === 'failed' || p === 'cancelled';
}

/** Training is under way: progress and metrics change between polls. */
export function isTrainingStatus(status: string): boolean {
  return phaseOf(status) === 'training';
}

/** A start can be asked for (the job waits for it, and was not created to start by itself). */
export function canStartJob(job: { status: string; auto_start: boolean }): boolean {
  return phaseOf(job.status) === 'waiting_for_start' && !job.auto_start;
}

/** A cancel can be asked for: the job is live and no cancel is under way. */
export function canCancelJob(job: { status: string }): boolean {
  return !isTerminalStatus(job.status) && phaseOf(job.status) !== 'ending';
}
