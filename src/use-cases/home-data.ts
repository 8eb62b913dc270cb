import type { Logger } from 'pino';
import type { FineTuningBackend } from '../backend/backend.js';
import type { ApprovalRecord } from '../domain/approval.js';
import type { JobDetails } from '../domain/job.js';
import type { WatchRecord } from '../domain/watch.js';
import type { CreatorStore } from '../store/creators.js';
import { HOME_MAX_JOBS, type HomeData, type HomeJob } from '../views/home-view.js';

export interface HomeDataDeps {
  backend: FineTuningBackend;
  creators: CreatorStore;
  /** The watches the user set up (the watch store's per-user index). */
  watchedBy: (userId: string) => Promise<WatchRecord[]>;
  /** The job's approval request still open, when approvals are configured. */
  openApproval?: (job: JobDetails) => ApprovalRecord | undefined;
  logger: Logger;
}

/** Provider calls at once while a tab is built: a user's tab must not take the provider's whole quota. */
const DETAILS_AT_ONCE = 5;

/**
 * What the user's Home tab shows: the newest of the jobs they created through the bot, with their
 * details (status, progress; a job the provider cannot give now is shown by id), and the watches
 * they set up (those ended in the last 30 days included). Jobs beyond `HOME_MAX_JOBS` are only counted.
 */
export async function gatherHomeData(d: HomeDataDeps, userId: string): Promise<Omit<HomeData, 'notice'>> {
  const ids = await d.creators.jobsCreatedBy(userId);
  const infos = await Promise.all(ids.map(async (id) => ({ id, info: await d.creators.createdInfo(id) })));
  // Newest first by when the bot created them; the stable sort keeps the index's order otherwise.
  infos.sort((a, b) => (b.info?.createdAt ?? 0) - (a.info?.createdAt ?? 0));
  const newest = infos.slice(0, HOME_MAX_JOBS).map((x) => x.id);
  const jobs: HomeJob[] = [];
  for (let i = 0; i < newest.length; i += DETAILS_AT_ONCE) {
    const chunk = newest.slice(i, i + DETAILS_AT_ONCE);
    jobs.push(...(await Promise.all(chunk.map((id) => details(d, id)))));
  }
  const approvals: Record<string, ApprovalRecord> = {};
  for (const j of jobs) {
    const r = 'job' in j ? d.openApproval?.(j.job) : undefined;
    if (r) approvals[r.jobId] = r;
  }
  return { jobs, jobsTotal: ids.length, watches: await d.watchedBy(userId), approvals };
}

async function details(d: HomeDataDeps, jobId: string): Promise<HomeJob> {
  try {
    return { job: await d.backend.getJob(jobId) };
  } catch (err) {
    d.logger.warn({ err, jobId }, 'could not load a job for the Home tab');
    return { jobId, unavailable: true };
  }
}
