import { isTrainingStatus } from '../domain/status.js';
import type { PollState } from './poll-state.js';

export const LIST_PAGE_SIZE = 100;

/** What one pass fetches, planned for the fewest provider calls. */
export interface PassPlan {
  /** Jobs fetched by GET whatever a list would show. */
  get: string[];
  /** Seen idle jobs a listing covers instead of a GET each; absent when their GETs are fewer calls. */
  list?: { covers: string[]; createdAfterSeconds: number };
}

/**
 * Every due job costs one GET unless a list page (up to 100 jobs, without details) stands in for it.
 * A list replaces only the GETs of jobs that would need nothing more, so the plan sorts the jobs:
 * - A job not seen yet is fetched by GET: its first sync needs the details, and without its created_at
 *   the list window cannot be placed to include it. It costs that one call and changes nothing for
 *   the other jobs (at 2,000 watched jobs, a new watch costs 1 GET, not 2,000).
 * - A job last seen training is fetched by GET too: its progress is only in the details, so a list
 *   would not spare that call (and it is not in the window either, so the window stays short).
 * - The remaining jobs, seen and idle (e.g. VALIDATED, waiting for a manual start), are what a list
 *   can replace. Listing from the oldest of them costs ⌈total/100⌉ pages, `total` counting every job
 *   created since (watched or not); it is planned when that is fewer calls than their GETs. The
 *   list then tells which of them changed and need their GET after all.
 * `total` is known only from an earlier list over the same window, so the estimate is optimistic
 * (one page when unknown): `listSince` stops as soon as the real total says that the GETs of the
 * jobs still unlisted are fewer calls than the pages left, so a wrong guess costs at most one page.
 */
export function planPass(jobIds: string[], state: PollState, canList = true): PassPlan {
  // A list stands in for GETs only where it pages with a total and filters by creation time (Mistral).
  if (!canList) return { get: [...jobIds] };
  const get: string[] = [];
  const covers: string[] = [];
  let oldest = Number.POSITIVE_INFINITY;
  for (const id of jobIds) {
    const seen = state.seen.get(id);
    if (!seen || isTrainingStatus(seen.status)) get.push(id);
    else {
      covers.push(id);
      oldest = Math.min(oldest, seen.createdAt);
    }
  }
  if (covers.length === 0) return { get };
  // created_at is in whole seconds; one second earlier keeps the oldest job in, whichever way
  // Mistral compares.
  const createdAfterSeconds = oldest - 1;
  if (estimatedPages(state, createdAfterSeconds) >= covers.length) return { get: [...get, ...covers] };
  return { get, list: { covers, createdAfterSeconds } };
}

/**
 * A lower estimate of the pages a list from `createdAfterSeconds` takes: the last total when the
 * last list started there or later (its window is inside this one), else one page.
 */
function estimatedPages(state: PollState, createdAfterSeconds: number): number {
  const last = state.lastList;
  const total = last && last.createdAfterSeconds >= createdAfterSeconds ? last.total : 0;
  return Math.max(1, Math.ceil(total / LIST_PAGE_SIZE));
}
