import type { JobDetails } from '../domain/job.js';
import { isTerminalStatus } from '../domain/status.js';

/** The canonical statuses in the order a job lives them, to order events of the same second. */
const LIFECYCLE = ['QUEUED', 'VALIDATING', 'VALIDATED', 'STARTED', 'RUNNING', 'CANCELLATION_REQUESTED'];

/** Where a status sits in a job's life; terminal ones last, unknown ones just before them. */
function rank(status: string): number {
  const i = LIFECYCLE.indexOf(status);
  if (i >= 0) return i;
  return isTerminalStatus(status) ? LIFECYCLE.length + 1 : LIFECYCLE.length;
}

export interface Transition {
  status: string;
  /** Unix seconds of the status event. */
  at: number;
  /** `STATUS@created_at`: with the watch, what makes a thread reply unique. */
  key: string;
}

/**
 * Status transitions from the job's `status-updated` events (oldest first), so statuses that came
 * and went between two polls are each posted. A job without such events gets one synthetic
 * transition for its current status.
 */
export function transitionsOf(job: JobDetails): Transition[] {
  const out: Transition[] = [];
  for (const e of job.events) {
    const status = e.data?.status;
    if (e.name !== 'status-updated' || typeof status !== 'string') continue;
    out.push({ status, at: e.created_at, key: `${status}@${e.created_at}` });
  }
  // Several statuses can share one second (events have whole seconds): order ties by lifecycle.
  out.sort((a, b) => a.at - b.at || rank(a.status) - rank(b.status));
  if (out.length === 0) out.push({ status: job.status, at: 0, key: `${job.status}@0` });
  return out;
}

/**
 * True when fingerprint `a` shows an older state of the job than `b`: fewer status events, or as
 * many and fewer checkpoints. A card is never edited back to an older snapshot (e.g. a stale job
 * handed to `announce()` after the poller already showed a newer one).
 */
export function isOlderFingerprint(a: string, b: string): boolean {
  const [, , aCheckpoints, , , , aEvents] = a.split('|').map(Number);
  const [, , bCheckpoints, , , , bEvents] = b.split('|').map(Number);
  if (aEvents === undefined || bEvents === undefined) return false;
  if (aEvents !== bEvents) return aEvents < bEvents;
  return (aCheckpoints ?? 0) < (bCheckpoints ?? 0);
}

/** The status a card fingerprint records. */
export const fingerprintStatus = (fingerprint: string): string | undefined => fingerprint.split('|')[0];

/** What the card shows that can change; equal fingerprints mean no chat.update. Status first. */
export function cardFingerprint(job: JobDetails): string {
  const last = job.checkpoints[job.checkpoints.length - 1];
  return [
    job.status,
    job.modified_at,
    job.checkpoints.length,
    last?.step_number ?? '',
    job.fine_tuned_model ?? '',
    job.trained_tokens ?? '',
    job.events.length,
  ].join('|');
}
