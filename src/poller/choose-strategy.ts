import type { BackendCapabilities } from '../backend/capabilities.js';
import type { JobState } from '../store/watch-store.js';
import type { PollState } from './poll-state.js';

/** Jobs per status-scan page (the providers' usual maximum); one page is one provider request. */
export const LIST_PAGE_SIZE = 100;

/**
 * Provider requests a status scan from `createdAfterSeconds` is expected to take, to weigh it against
 * one GET per job. Together lists every job in one answer; offset pages with a total (Mistral) and
 * cursor pages (the OpenAI shape) take what the last scan over a window inside this one took, else
 * one page (optimistic: the scan stops once its pages would exceed the GETs, so a wrong guess costs
 * at most a page).
 */
export function estimatedScanPages(
  paging: BackendCapabilities['listPaging'],
  state: PollState,
  createdAfterSeconds: number,
): number {
  if (paging === 'all') return 1;
  const last = state.lastScan;
  if (!last || last.createdAfterSeconds < createdAfterSeconds) return 1;
  const fromTotal = last.total === undefined ? 0 : Math.ceil(last.total / LIST_PAGE_SIZE);
  return Math.max(1, fromTotal, last.pages);
}

/**
 * The training jobs whose cards this pass edits to show their progress: the stalest cards first,
 * while the pass's share of chat.update calls lasts (each card of a job is one call). Slack takes
 * about 50 edits a minute per workspace, so fetching the progress of more jobs than their cards can
 * be edited would only feed edits that queue for minutes. Jobs are taken while their cards fit; a job
 * watched in more channels than a whole pass's budget is still taken when it comes first.
 */
export function pickRefresh(candidates: string[], seen: Map<string, JobState>, budget: number): string[] {
  const stalest = [...candidates].sort((a, b) => (seen.get(a)?.shownAt ?? 0) - (seen.get(b)?.shownAt ?? 0));
  const out: string[] = [];
  let left = budget;
  for (const id of stalest) {
    const cards = Math.max(1, seen.get(id)?.cards ?? 1);
    if (left <= 0 || (cards > left && out.length > 0)) break;
    out.push(id);
    left -= cards;
  }
  return out;
}
