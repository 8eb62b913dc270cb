import type { ListJobsQuery } from '../../domain/job.js';
import { statusFromTogether } from './map-job.js';
import type { WireJob } from './wire-schemas.js';

/**
 * GET /fine-tunes takes no filters and no paging: the list arrives whole and is filtered here, so
 * the bot's filters work the same on every provider. `createdByMe` has no meaning on Together (an
 * API key sees its own account's jobs only) and is ignored. Newest first.
 */
export function filterJobs(jobs: readonly WireJob[], q: ListJobsQuery): WireJob[] {
  const after = q.createdAfter ? q.createdAfter.getTime() / 1000 : undefined;
  const before = q.createdBefore ? q.createdBefore.getTime() / 1000 : undefined;
  return jobs
    .filter(
      (j) =>
        (q.status === undefined || statusFromTogether(j.status) === q.status) &&
        (q.model === undefined || j.model === q.model) &&
        (q.suffix === undefined || j.suffix === q.suffix) &&
        (q.wandbProject === undefined || j.wandb_project_name === q.wandbProject) &&
        (q.wandbName === undefined || j.wandb_name === q.wandbName) &&
        (after === undefined || j.created_at >= after) &&
        (before === undefined || j.created_at < before),
    )
    .sort((a, b) => b.created_at - a.created_at);
}
