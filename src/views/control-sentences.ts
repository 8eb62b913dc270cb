import type { JobDetails } from '../domain/job.js';
import { code, shortId } from './escape.js';

export type ControlAction = 'start' | 'cancel';

export const startedByText = (userId: string) => `▶️ Training started by <@${userId}>`;
export const cancelledByText = (userId: string) => `🛑 Cancelled by <@${userId}>`;

/** Why this job cannot be started or cancelled now, naming its current status; undefined = it can. */
export function whyNot(action: ControlAction, job: JobDetails): string | undefined {
  const id = code(shortId(job.id));
  const status = code(job.status);
  if (action === 'start') {
    if (job.status === 'VALIDATED' && job.auto_start) {
      return `Job ${id} starts by itself (it was created with auto start); its status is ${status}.`;
    }
    if (job.status !== 'VALIDATED') {
      return `Job ${id} cannot be started: its status is ${status}. Only a VALIDATED job created without auto start can be started.`;
    }
    return undefined;
  }
  if (job.status === 'CANCELLATION_REQUESTED') {
    return `Job ${id} is already being cancelled (status ${status}).`;
  }
  if (['SUCCESS', 'FAILED', 'FAILED_VALIDATION', 'CANCELLED'].includes(job.status)) {
    return `Job ${id} cannot be cancelled: its status is ${status}, which is final.`;
  }
  return undefined;
}

export function doneSentence(action: ControlAction, job: JobDetails): string {
  return action === 'start'
    ? `▶️ Training of job ${code(shortId(job.id))} was requested (status ${code(job.status)}).`
    : `🛑 Job ${code(shortId(job.id))} is being cancelled (status ${code(job.status)}).`;
}
