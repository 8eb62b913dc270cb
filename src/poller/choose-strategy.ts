import type { PollState } from './poll-state.js';

export const LIST_PAGE_SIZE = 100;

export type Strategy = { kind: 'get' } | { kind: 'list'; createdAfterSeconds: number; maxPages: number };

/**
 * Listing pays off when fewer pages than watched jobs cover every job since the oldest watched one.
 * It needs each job's created_at, so only once every job was seen; the page count is bounded so a
 * list never costs more calls than the gets it replaces.
 */
export function chooseStrategy(jobIds: string[], state: PollState): Strategy {
  if (jobIds.length < 2) return { kind: 'get' };
  let oldest = Number.POSITIVE_INFINITY;
  for (const id of jobIds) {
    const seen = state.seen.get(id);
    if (!seen) return { kind: 'get' };
    oldest = Math.min(oldest, seen.createdAt);
  }
  const pages = Math.max(1, Math.ceil((state.lastListTotal ?? 0) / LIST_PAGE_SIZE));
  if (pages >= jobIds.length) return { kind: 'get' };
  return { kind: 'list', createdAfterSeconds: oldest - 1, maxPages: jobIds.length - 1 };
}
