import type { FineTuningBackend } from '../backend/backend.js';
import { isBackendError } from '../backend/errors.js';
import type { Job, JobDetails } from '../domain/job.js';
import { code } from '../views/escape.js';

export const MIN_PREFIX = 6;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The part of a typed prefix that tells jobs apart: without dashes, and without a provider's word
 * prefix (`ft-`, `ftjob-`, `draft-`), which every id of that kind shares.
 */
function significant(prefix: string): string {
  return prefix.replace(/^(?![0-9a-f]{8}-)[a-z]+-/, '').replace(/-/g, '');
}

export type JobLookup =
  | { kind: 'found'; job: JobDetails }
  | { kind: 'ambiguous'; candidates: Job[] }
  | { kind: 'none' }
  | { kind: 'invalid'; reason: string };

/**
 * Finds a job by full id or by a unique prefix of at least 6 characters. A prefix needs the job
 * list (the API has no prefix search); pages are walked until every job was seen.
 */
export async function resolveJob(backend: FineTuningBackend, ref: string): Promise<JobLookup> {
  const typed = ref.trim();
  const wanted = typed.toLowerCase();
  const caps = backend.capabilities;
  if (!caps.jobIdAlphabet.test(typed)) {
    return { kind: 'invalid', reason: `${code(ref)} is not a job id on ${backend.label}.` };
  }
  if (UUID.test(typed)) return { kind: 'found', job: await backend.getJob(wanted) };
  if (caps.jobIdPattern.test(typed)) {
    // Other providers' ids keep the case they were typed in; a prefix can look like a full id, so
    // a full id the provider does not know is looked for as a prefix.
    try {
      return { kind: 'found', job: await backend.getJob(typed) };
    } catch (err) {
      if (!isBackendError(err) || err.kind !== 'not_found') throw err;
    }
  }
  if (significant(wanted).length < MIN_PREFIX) {
    return {
      kind: 'invalid',
      reason: `${code(ref)} is too short: give the full job id or at least its first ${MIN_PREFIX} characters.`,
    };
  }
  const matches: Job[] = [];
  for (let page = 0; page < 100; page++) {
    const res = await backend.listJobs({ page, pageSize: 100 });
    matches.push(...res.jobs.filter((j) => j.id.toLowerCase().startsWith(wanted)));
    if (!res.hasMore || res.jobs.length === 0) break;
  }
  if (matches.length === 0) return { kind: 'none' };
  if (matches.length > 1) return { kind: 'ambiguous', candidates: matches };
  return { kind: 'found', job: await backend.getJob(matches[0]!.id) };
}
