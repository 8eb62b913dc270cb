import type { Job, ListJobsQuery } from '../domain/job.js';
import { buildJobListMessage, type SlackMessage } from '../views/index.js';
import type { ListQuery } from '../views/list-query.js';
import { type AppDeps, viewContext } from './deps.js';

export const LIST_PAGE_SIZE = 10;
/** `mine` walks the filtered list; this caps it at 2,000 jobs. */
const MINE_MAX_PAGES = 20;

/**
 * Newest first (created_at descending), whatever order the backend used: Mistral does not document
 * its order. The sort is stable, so jobs created in the same second keep the backend's order.
 */
function newestFirst(jobs: readonly Job[]): Job[] {
  return [...jobs].sort((a, b) => b.created_at - a.created_at);
}

function backendFilters(q: ListQuery): ListJobsQuery {
  return { status: q.status, model: q.model, suffix: q.suffix, wandbProject: q.wandb };
}

/** Jobs created by this user through the bot: the API cannot tell Slack users apart, our store can. */
async function loadMine(
  deps: AppDeps,
  q: ListQuery,
  userId: string,
): Promise<{ jobs: Job[]; total: number; hasMore: boolean }> {
  const mine = new Set(await deps.creators.jobsCreatedBy(userId));
  if (mine.size === 0) return { jobs: [], total: 0, hasMore: false };
  const matches: Job[] = [];
  for (let page = 0; page < MINE_MAX_PAGES; page++) {
    const res = await deps.backend.listJobs({ ...backendFilters(q), page, pageSize: 100 });
    matches.push(...res.jobs.filter((j) => mine.has(j.id)));
    if (!res.hasMore || res.jobs.length === 0 || matches.length >= mine.size) break;
  }
  // Sorted before paging, so page 1 holds the newest of all the user's jobs.
  const start = (q.page - 1) * LIST_PAGE_SIZE;
  const jobs = newestFirst(matches).slice(start, start + LIST_PAGE_SIZE);
  return { jobs, total: matches.length, hasMore: start + LIST_PAGE_SIZE < matches.length };
}

/** Builds the list message for a query; shared by the command and the paging buttons. */
export async function buildListFor(deps: AppDeps, q: ListQuery, userId: string): Promise<SlackMessage> {
  const { jobs, total, hasMore } = q.mine
    ? await loadMine(deps, q, userId)
    : await deps.backend.listJobs({ ...backendFilters(q), page: q.page - 1, pageSize: LIST_PAGE_SIZE });
  return buildJobListMessage(viewContext(deps), {
    jobs: newestFirst(jobs),
    total,
    hasMore,
    query: q,
    pageSize: LIST_PAGE_SIZE,
  });
}
