import type { JobDetails } from '../domain/job.js';
import { canStartJob, isTerminalStatus, phaseOf } from '../domain/status.js';
import { code, shortId } from './escape.js';

export type ControlAction = 'start' | 'cancel';

export const startedByText = (userId: string) => `▶️ Training started by <@${userId}>`;
export const cancelledByText = (userId: string) => `🛑 Cancelled by <@${userId}>`;

/** Why this job cannot be started or cancelled now, naming its current status; undefined = it can. */
export function whyNot(action: ControlAction, job: JobDetails): string | undefined {
  const id = code(shortId(job.id));
  const status = code(job.status);
  const phase = phaseOf(job.status);
  if (action === 'start') {
    if (phase === 'waiting_for_start' && job.auto_start) {
      return `Job ${id} starts by itself (it was created with auto start); its status is ${status}.`;
    }
    if (!canStartJob(job)) {
      return `Job ${id} cannot be started: its status is ${status}. Only a VALIDATED job created without auto start can be started.`;
    }
    return undefined;
  }
  if (phase === 'ending') {
    return `Job ${id} is already being cancelled (status ${status}).`;
  }
  if (isTerminalStatus(job.status)) {
    return `Job ${id} cannot be cancelled: its status is ${status}, which is final.`;
  }
  return undefined;
}

export function doneSentence(action: ControlAction, job: JobDetails): string {
  return action === 'start'
    ? `▶️ Training of job ${code(shortId(job.id))} was requested (status ${code(job.status)}).`
    : `🛑 Job ${code(shortId(job.id))} is being cancelled (status ${code(job.status)}).`;
}
