import { isBackendError } from '../backend/errors.js';
import type { Job, JobDetails } from '../domain/job.js';
import { isTrainingStatus } from '../domain/status.js';
import { isLiveWatch } from '../domain/watch.js';
import type { StoredWatch } from '../store/watch-store.js';
import { syncWatch } from '../watch/sync-watch.js';
import type { WatchDeps } from '../watch/watch-deps.js';
import { LIST_PAGE_SIZE, type PassPlan, planPass } from './choose-strategy.js';
import { endWatchesOfGoneJob } from './job-gone.js';
import { mapLimit } from './map-limit.js';
import { pauseForRetirement, resumeAfterRetirement } from './pause.js';
import type { PollState } from './poll-state.js';

export interface PollDeps extends WatchDeps {
  state: PollState;
  /** First back-off of a failing job (ms); doubles per failure. Default 5000. */
  backoffBaseMs?: number;
  /** Default 10 minutes. */
  backoffMaxMs?: number;
  /** Jobs fetched and synced at once. Default 8. */
  concurrency?: number;
}

export interface PollReport {
  /** ms, from the injected clock. */
  at: number;
  /** Distinct watched jobs due this pass. */
  jobs: number;
  listCalls: number;
  getCalls: number;
  posts: number;
  updates: number;
  errors: { jobId?: string; kind: string; message: string }[];
  /** Why nothing was polled. */
  skipped?: 'rate_limited' | 'no_watches';
  /** Why the pass stopped early. */
  aborted?: 'rate_limited' | 'retired';
}

const DEFAULT_RETRY_AFTER_S = 30;

/**
 * One polling pass: each distinct watched job once, the seen idle ones by list when that needs fewer
 * calls than their GETs (see `planPass`), the others by GET, then every watch of each changed job
 * brought up to date. Failures are isolated per job; a 429 pauses every call, a 410 pauses the
 * watches. Never throws.
 */
export async function pollOnce(d: PollDeps): Promise<PollReport> {
  const report: PollReport = {
    at: d.now(),
    jobs: 0,
    listCalls: 0,
    getCalls: 0,
    posts: 0,
    updates: 0,
    errors: [],
  };
  const before = { ...d.poster.counts };
  try {
    await pass(d, report);
  } catch (err) {
    d.logger.error({ err }, 'poll pass failed');
    report.errors.push({ kind: 'internal', message: err instanceof Error ? err.message : String(err) });
  }
  report.posts = d.poster.counts.posts - before.posts;
  report.updates = d.poster.counts.updates - before.updates;
  return report;
}

async function pass(d: PollDeps, report: PollReport): Promise<void> {
  const now = d.now();
  if (now < d.state.pausedUntil) {
    report.skipped = 'rate_limited';
    return;
  }
  const active = await d.store.activeJobIds();
  const due = active.filter((id) => (d.state.backoff.get(id)?.until ?? 0) <= now);
  report.jobs = due.length;
  if (due.length === 0) {
    report.skipped = 'no_watches';
    return;
  }
  // Every due job gets a GET except the listed ones the list showed unchanged and idle.
  let spared = new Set<string>();
  const caps = d.backend.capabilities;
  const plan = planPass(due, d.state, caps.listPaging === 'offset_total' && caps.listFilters);
  if (plan.list) {
    let listed: Map<string, Job> | undefined;
    try {
      listed = await listSince(d, plan.list, report);
      await succeeded(d);
    } catch (err) {
      if (await handleGlobalError(d, err, report)) return;
      report.errors.push({ kind: 'list', message: messageOf(err) });
    }
    if (listed) {
      const unchanged = plan.list.covers.filter((id) => !needsGet(d.state, id, listed.get(id)));
      const waiting = await awaitingCard(d, unchanged);
      spared = new Set(unchanged.filter((id) => !waiting.has(id)));
    }
  }
  const toGet = due.filter((id) => !spared.has(id));
  await mapLimit(toGet, d.concurrency ?? 8, async (id) => {
    if (!report.aborted) await pollJob(d, id, report);
  });
}

/**
 * Pages through the jobs created in the window while that is the cheaper way to cover the jobs not
 * listed yet: after each page, the pages left (from `total`) are compared with the GETs those jobs
 * would need, and the listing stops once the GETs are no more calls. The jobs it leaves out are
 * missing from the result and so get their GET.
 */
async function listSince(
  d: PollDeps,
  list: NonNullable<PassPlan['list']>,
  report: PollReport,
): Promise<Map<string, Job>> {
  const out = new Map<string, Job>();
  const createdAfter = new Date(list.createdAfterSeconds * 1000);
  // Never more pages than the GETs they replace, even if `total` kept growing while paging.
  for (let page = 0; page < list.covers.length; page++) {
    report.listCalls++;
    const res = await d.backend.listJobs({ page, pageSize: LIST_PAGE_SIZE, createdAfter });
    // Planned only for providers whose pages carry a total (capabilities.listPaging 'offset_total').
    const total = res.total ?? out.size + res.jobs.length + (res.hasMore ? LIST_PAGE_SIZE : 0);
    d.state.lastList = { createdAfterSeconds: list.createdAfterSeconds, total };
    for (const j of res.jobs) out.set(j.id, j);
    const pagesLeft = res.hasMore ? Math.ceil(total / LIST_PAGE_SIZE) - (page + 1) : 0;
    if (res.jobs.length === 0 || pagesLeft <= 0) break;
    let unlisted = 0;
    for (const id of list.covers) if (!out.has(id)) unlisted++;
    if (pagesLeft >= unlisted) break;
  }
  return out;
}

/** A listed job needs its details only when it changed or trains; a job missing from the list is checked. */
function needsGet(state: PollState, id: string, listed: Job | undefined): boolean {
  const seen = state.seen.get(id);
  if (!listed || !seen) return true;
  return (
    isTrainingStatus(listed.status) || listed.status !== seen.status || listed.modified_at !== seen.modifiedAt
  );
}

/**
 * The unchanged listed jobs that have a live watch without a card: a watch started on a job already
 * seen (another channel) whose card post failed, or that `watch()` was still posting. Only a GET
 * lets syncWatch post that card, and an idle job (VALIDATED, waiting for a manual start) would
 * otherwise never be fetched again. Costs a store read per job, no Mistral call; a job whose watches
 * cannot be read is fetched too (its sync then reports the store error).
 */
async function awaitingCard(d: PollDeps, ids: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  await mapLimit(ids, d.concurrency ?? 8, async (id) => {
    try {
      if ((await d.store.ofJob(id)).some((w) => isLiveWatch(w) && !w.cardTs)) out.add(id);
    } catch {
      out.add(id);
    }
  });
  return out;
}

async function pollJob(d: PollDeps, id: string, report: PollReport): Promise<void> {
  let job: JobDetails;
  try {
    report.getCalls++;
    job = await d.backend.getJob(id);
    await succeeded(d);
  } catch (err) {
    if (await handleGlobalError(d, err, report)) return;
    report.errors.push({
      jobId: id,
      kind: isBackendError(err) ? err.kind : 'internal',
      message: messageOf(err),
    });
    if (isBackendError(err) && err.kind === 'not_found') {
      d.state.seen.delete(id);
      return endWatchesOfGoneJob(d, id);
    }
    backOff(d, id);
    return;
  }
  d.state.backoff.delete(id);
  const watches = (await d.store.ofJob(id)).filter(isLiveWatch);
  const results = await Promise.allSettled(watches.map((w) => syncWatch(d, w, job)));
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  for (const f of failed) {
    d.logger.warn({ err: f.reason, jobId: id }, 'could not bring a watch up to date; retrying next pass');
    report.errors.push({ jobId: id, kind: 'slack', message: messageOf(f.reason) });
  }
  // Only a fully synced job counts as seen, so a listing pass retries the others. A watch still
  // without its card is not synced (syncWatch skips it during the grace in which `watch()` may be
  // posting it): marked seen, an idle job would be left to the list and its card never posted.
  if (failed.length === 0 && !(await cardStillMissing(d, id, watches))) {
    d.state.seen.set(id, { status: job.status, modifiedAt: job.modified_at, createdAt: job.created_at });
  } else d.state.seen.delete(id);
}

/** True when a live watch of the job still has no card after the sync; reads the store only if one lacked it before. */
async function cardStillMissing(d: PollDeps, id: string, before: StoredWatch[]): Promise<boolean> {
  if (before.every((w) => w.cardTs)) return false;
  return (await d.store.ofJob(id)).some((w) => isLiveWatch(w) && !w.cardTs);
}

function backOff(d: PollDeps, id: string): void {
  const failures = (d.state.backoff.get(id)?.failures ?? 0) + 1;
  const delay = Math.min((d.backoffBaseMs ?? 5000) * 2 ** (failures - 1), d.backoffMaxMs ?? 600_000);
  d.state.backoff.set(id, { failures, until: d.now() + delay });
}

/** 429 and 410 concern every job: the pass stops. Returns true when the error was one of those. */
async function handleGlobalError(d: PollDeps, err: unknown, report: PollReport): Promise<boolean> {
  if (!isBackendError(err)) return false;
  if (err.kind === 'rate_limited') {
    d.state.pausedUntil = d.now() + (err.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_S) * 1000;
    report.aborted = 'rate_limited';
    report.errors.push({ kind: 'rate_limited', message: err.message });
    return true;
  }
  if (err.kind === 'retired') {
    if (!report.aborted) await pauseForRetirement(d, d.state);
    report.aborted = 'retired';
    report.errors.push({ kind: 'retired', message: err.message });
    return true;
  }
  return false;
}

async function succeeded(d: PollDeps): Promise<void> {
  if (d.state.retired !== false) await resumeAfterRetirement(d, d.state);
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));
