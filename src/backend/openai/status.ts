import type { JobStatus } from '../../domain/job.js';

const STATUS: Record<string, JobStatus> = {
  validating_files: 'VALIDATING',
  queued: 'QUEUED',
  running: 'RUNNING',
  succeeded: 'SUCCESS',
  failed: 'FAILED',
  cancelled: 'CANCELLED',
  // Older Azure API versions and some SDK enums (providers.md §3.1): a job not yet picked up.
  pending: 'QUEUED',
  created: 'QUEUED',
};

/** The files a failure can blame; OpenAI puts the offending parameter in `error.param`. */
const FILE_PARAMS = new Set(['training_file', 'validation_file']);

/**
 * OpenAI's status onto the product's. `failed` becomes FAILED_VALIDATION when the error names a
 * data file: a heuristic (the API has no separate status for bad data), but it is the one case
 * where the user must fix the file rather than retry. Anything else (`paused`, `pausing`, …) is
 * kept verbatim: the product's status is an open enum and shows unknown values as they are.
 */
export function mapStatus(status: string, errorParam?: string | null): JobStatus {
  if (status === 'failed' && errorParam && FILE_PARAMS.has(errorParam)) return 'FAILED_VALIDATION';
  return STATUS[status] ?? status;
}
