import { isBackendError } from '../backend/errors.js';
import type { Job, JobDetails } from '../domain/job.js';
import { isTerminalStatus, isTrainingStatus } from '../domain/status.js';
import { mapLimit } from '../lib/map-limit.js';
import type { JobState } from '../store/watch-store.js';
import type { WatchEngine } from '../watch/service.js';
import { progressMarker } from '../watch/warnings.js';
import type { WatchDeps } from '../watch/watch-deps.js';
import { estimatedScanPages, LIST_PAGE_SIZE, pickRefresh } from './choose-strategy.js';
import { type PollState, pruneTo } from './poll-state.js';

export interface PollDeps extends WatchDeps {
  /** The watch feature: applies what a pass learned (the poller never touches a watch itself). */
  watches: WatchEngine;
  state: PollState;
  /**
   * Card edits one pass may spend on progress (chat.update calls Slack takes in one poll interval),
   * less those still queued. Status changes are never held back by it. Absent: no limit.
   */
  editsPerPass?: number;
  /** First back-off of a failing job (ms); doubles per failure. Default 5000. */
  backoffBaseMs?: number;
  /** Default 10 minutes. */
  backoffMaxMs?: number;
  /** Provider GETs in flight at once. Default 8. */
  concurrency?: number;
  /** How often what outlived its retention is swept from the store (ms). Default one hour. */
  sweepEveryMs?: number;
}

type PollError = { jobId?: string; kind: string; message: string };

/** What the Slack side of a pass did, once every post it started has gone out (or failed). */
export interface DeliveryReport {
  errors: PollError[];
  /**
   * Store records read from the pass's start until its posts were out, the watches its updates
   * read included (process-wide: a command answered meanwhile counts too).
   */
  storeReads: { watch: number; jobState: number };
}

export interface PollReport {
  /** ms, from the injected clock. */
  at: number;
  /** Distinct watched jobs due this pass. */
  jobs: number;
  listCalls: number;
  getCalls: number;
  /** Jobs whose status (or, idle, whose details) changed, or that were not known yet. */
  changed: number;
  /** Training jobs fetched only to show their progress (within the card-edit budget). */
  refreshed: number;
  /** Jobs fetched only because an early warning fell due (queued or stalled too long). */
  warnChecks: number;
  /** Posts and card edits sent while the pass ran (the rest go out after it; see `delivered`). */
  posts: number;
  updates: number;
  /** Records the pass read from the store, by kind. */
  storeReads: { watch: number; jobState: number };
  errors: PollError[];
  /** Why nothing was polled. */
  skipped?: 'rate_limited' | 'no_watches';
  /** Why the pass stopped early. */
  aborted?: 'rate_limited' | 'retired';
  /**
   * Settles when the watches this pass updated are done posting. The pass itself never waits for
   * them: each channel drains its own queue, so a burst in one channel delays no other.
   */
  delivered: Promise<DeliveryReport>;
}

const DEFAULT_RETRY_AFTER_S = 30;
const HOUR_MS = 60 * 60 * 1000;
const STUCK_APPLY_MS = 15 * 60 * 1000;

/**
 * One polling pass. Status changes must never be late, so they are detected as cheaply as the
 * provider allows: a scan of its job list (one request per page, each showing every job's status)
 * when that is fewer requests than one GET per job, else the GETs. Details are then fetched for every
 * job whose status changed, that is new to this process, or whose card is missing, and for the
 * training jobs whose cards the chat.update budget lets this pass edit, stalest first. The watch
 * feature applies each job; the pass does not wait for Slack. Failures are isolated per job; a 429
 * pauses every call, a 410 pauses the watches. Never throws.
 */
export async function pollOnce(d: PollDeps): Promise<PollReport> {
  const deliveries: Promise<Pick<DeliveryReport, 'errors'>>[] = [];
  const readsBefore = { ...d.store.reads };
  const report: Omit<PollReport, 'delivered'> = {
    at: d.now(),
    jobs: 0,
    listCalls: 0,
    getCalls: 0,
    changed: 0,
    refreshed: 0,
    warnChecks: 0,
    posts: 0,
    updates: 0,
    storeReads: { watch: 0, jobState: 0 },
    errors: [],
  };
  const before = { ...d.poster.counts };
  try {
    await pass(d, report, deliveries);
  } catch (err) {
    d.logger.error({ err }, 'poll pass failed');
    report.errors.push({ kind: 'internal', message: messageOf(err) });
  }
  report.posts = d.poster.counts.posts - before.posts;
  report.updates = d.poster.counts.updates - before.updates;
  report.storeReads = {
    watch: d.store.reads.watch - readsBefore.watch,
    jobState: d.store.reads.jobState - readsBefore.jobState,
  };
  const delivered = Promise.all(deliveries).then((all) => ({
    errors: all.flatMap((r) => r.errors),
    storeReads: {
      watch: d.store.reads.watch - readsBefore.watch,
      jobState: d.store.reads.jobState - readsBefore.jobState,
    },
  }));
  return { ...report, delivered };
}

type Report = Omit<PollReport, 'delivered'>;

async function pass(
  d: PollDeps,
  report: Report,
  deliveries: Promise<Pick<DeliveryReport, 'errors'>>[],
): Promise<void> {
  const { state } = d;
  const now = d.now();
  if (now < state.pausedUntil) {
    report.skipped = 'rate_limited';
    return;
  }
  if (now - state.sweptAt >= (d.sweepEveryMs ?? HOUR_MS)) {
    state.sweptAt = now;
    await d.store.sweep();
  }
  // Mutes end on time whether or not their job moves (one read of the muted index); their
  // summaries go out with the pass's other posts.
  deliveries.push(
    d.watches.endMutes().catch((err: unknown) => {
      d.logger.warn({ err }, 'could not end the mutes due');
      return { errors: [{ kind: 'internal', message: messageOf(err) }] };
    }),
  );
  const active = await d.store.activeJobIds();
  const live = new Set(active);
  // A job no longer watched (its watches stopped) is forgotten, in memory and in the store.
  for (const id of pruneTo(state, live)) await d.store.deleteJobState(id);
  d.watches.forget(live);
  // A job still being applied is left to that apply: fetching it again would only queue its posts
  // twice. One stuck for longer than any channel's queue can take is polled again.
  const applying = (id: string) =>
    now - (state.inFlight.get(id) ?? Number.NEGATIVE_INFINITY) < STUCK_APPLY_MS;
  const due = active.filter((id) => (state.backoff.get(id)?.until ?? 0) <= now && !applying(id));
  report.jobs = due.length;
  if (due.length === 0) {
    report.skipped = 'no_watches';
    return;
  }
  await loadStates(d, due);
  const awaiting = new Set(await d.store.jobsAwaitingCard());
  // Jobs that need their details whatever a scan shows: unknown here, or with a card to post.
  const mustGet = due.filter((id) => !state.seen.has(id) || awaiting.has(id));
  const known = due.filter((id) => state.seen.has(id) && !awaiting.has(id));

  let listed: Map<string, Job> | undefined;
  try {
    listed = await scan(d, known, report);
    if (listed) await succeeded(d);
  } catch (err) {
    if (await handleGlobalError(d, err, report)) return;
    report.errors.push({ kind: 'list', message: messageOf(err) });
  }

  const fetch = new Set(mustGet);
  for (const id of known) {
    const job = listed?.get(id);
    const seen = state.seen.get(id) as JobState;
    // Not scanned (GETs were cheaper, or the scan failed) or not in the list (gone, or past the pages
    // read): its own GET tells.
    if (!job || listedChange(seen, job)) fetch.add(id);
    // Remembered in memory only: it moves with no status change, and a restart just learns it again.
    if (job) seen.listedModifiedAt = job.modified_at;
  }
  // A training job's progress is only in its details, and a list's modified_at need not move with
  // it: every training job whose status held is a candidate, the stalest cards first.
  const candidates = known.filter(
    (id) => !(listed && fetch.has(id)) && isTrainingStatus(state.seen.get(id)?.status ?? ''),
  );
  const budget = (d.editsPerPass ?? Number.POSITIVE_INFINITY) - d.poster.stats().editsQueued;
  const refresh = new Set(pickRefresh(candidates, state.seen, budget));
  // A warning due (queued or stalled too long) is planned from the job's state alone, so a quiet
  // pass still reads no watch: only these jobs are fetched and applied.
  const warnDue = new Set(
    known.filter((id) => (state.seen.get(id)?.warnDueMs ?? Number.POSITIVE_INFINITY) <= now),
  );
  const toGet = [...new Set([...fetch, ...refresh, ...warnDue])];
  await mapLimit(toGet, d.concurrency ?? 8, async (id) => {
    const why = { refresh: refresh.has(id), awaiting: awaiting.has(id), warn: warnDue.has(id) };
    if (!report.aborted) await pollJob(d, id, why, report, deliveries);
  });
}

/** A status change (or, for an idle job, any change of its details) is what must never wait. */
function statusChanged(seen: JobState, job: JobDetails): boolean {
  if (job.status !== seen.status) return true;
  return !isTrainingStatus(job.status) && job.modified_at !== seen.modifiedAt;
}

/** The same, from a list entry: its status, and its modified_at against what the last list showed. */
function listedChange(seen: JobState, job: Job): boolean {
  if (job.status !== seen.status) return true;
  const before = seen.listedModifiedAt;
  return !isTrainingStatus(job.status) && before !== undefined && job.modified_at !== before;
}

/** Reads, once per process, the stored state of jobs it does not know: after a restart, or a watch made elsewhere. */
async function loadStates(d: PollDeps, due: string[]): Promise<void> {
  const { state } = d;
  const unknown = due.filter((id) => !state.seen.has(id) && !state.looked.has(id));
  if (unknown.length === 0) return;
  const found = await d.store.jobStates(unknown);
  for (const id of unknown) {
    state.looked.add(id);
    const s = found.get(id);
    if (s) state.seen.set(id, s);
  }
}

/**
 * Reads the provider's job list from the oldest known job on, while that is the cheaper way to learn
 * their statuses: planned when the expected pages are fewer than the GETs, and stopped as soon as
 * every known job was listed, or the pages left (from `total`) are no fewer than the GETs of the jobs
 * not listed yet. Undefined when GETs are cheaper from the start.
 */
async function scan(d: PollDeps, known: string[], report: Report): Promise<Map<string, Job> | undefined> {
  if (known.length === 0) return undefined;
  const { state } = d;
  const { listPaging: paging, detailRequests } = d.backend.capabilities;
  // What fetching the known jobs one by one would cost instead, in provider requests.
  const getsCost = (jobs: number) => jobs * Math.max(1, detailRequests);
  let oldest = Number.POSITIVE_INFINITY;
  for (const id of known) oldest = Math.min(oldest, state.seen.get(id)?.createdAt ?? 0);
  // created_at is in whole seconds; one second earlier keeps the oldest job in, whichever way the
  // provider compares.
  const createdAfterSeconds = oldest - 1;
  if (estimatedScanPages(paging, state, createdAfterSeconds) >= getsCost(known.length)) return undefined;
  const want = new Set(known);
  const out = new Map<string, Job>();
  let found = 0;
  let pages = 0;
  let total: number | undefined;
  for await (const page of d.backend.scanJobs(createdAfterSeconds)) {
    pages++;
    report.listCalls++;
    total = page.total;
    for (const j of page.jobs) {
      if (want.has(j.id) && !out.has(j.id)) found++;
      out.set(j.id, j);
    }
    const unlisted = known.length - found;
    if (unlisted === 0 || page.jobs.length === 0) break;
    const pagesLeft = total === undefined ? 1 : Math.ceil(total / LIST_PAGE_SIZE) - pages;
    // Never more pages than the GETs they replace, even if `total` kept growing while paging.
    if (pagesLeft >= getsCost(unlisted) || pages >= getsCost(known.length)) break;
  }
  state.lastScan = { createdAfterSeconds, pages, total };
  return out;
}

async function pollJob(
  d: PollDeps,
  id: string,
  why: { refresh: boolean; awaiting: boolean; warn: boolean },
  report: Report,
  deliveries: Promise<Pick<DeliveryReport, 'errors'>>[],
): Promise<void> {
  const { state } = d;
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
      state.seen.delete(id);
      await d.store.deleteJobState(id);
      return d.watches.endGoneJob(id);
    }
    backOff(d, id);
    return;
  }
  state.backoff.delete(id);
  const seen = state.seen.get(id);
  const changed = !seen || why.awaiting || statusChanged(seen, job);
  if (!changed && !why.refresh && !why.warn) return;
  if (changed) report.changed++;
  else if (why.refresh) report.refreshed++;
  else report.warnChecks++;
  // Progress moved when the marker did; else it has stood still since it was first seen (a stall).
  const marker = progressMarker(job);
  const progress = seen?.progress?.marker === marker ? seen.progress : { marker, sinceMs: d.now() };
  const applied = d.watches
    .apply(job, { progressSinceMs: progress.sinceMs })
    .then(async (outcome) => {
      // Only a fully applied job counts as shown, so the next pass retries the others.
      if (outcome.errors.length > 0) {
        state.seen.delete(id);
        state.looked.add(id);
      } else await remember(d, job, { cards: outcome.cards, progress, warnDueMs: outcome.warnDueMs });
      return { errors: outcome.errors };
    })
    // Applying or remembering (a store write): either failure is the job's error in the delivery
    // report, never a rejection nobody waits for (the pass returned before it).
    .catch((err: unknown) => {
      state.seen.delete(id);
      d.logger.warn({ err, jobId: id }, 'could not apply the job to its watches');
      return { errors: [{ jobId: id, kind: 'internal', message: messageOf(err) }] };
    });
  const started = d.now();
  state.inFlight.set(id, started);
  void applied.finally(() => {
    if (state.inFlight.get(id) === started) state.inFlight.delete(id);
  });
  deliveries.push(applied);
}

/** What the job's cards now show, in memory and in the store (so a restart need not fetch it again). */
async function remember(
  d: PollDeps,
  job: JobDetails,
  shown: Pick<JobState, 'cards' | 'progress' | 'warnDueMs'>,
): Promise<void> {
  if (isTerminalStatus(job.status)) {
    d.state.seen.delete(job.id);
    await d.store.deleteJobState(job.id);
    return;
  }
  const listedModifiedAt = d.state.seen.get(job.id)?.listedModifiedAt;
  const s: JobState = {
    status: job.status,
    modifiedAt: job.modified_at,
    createdAt: job.created_at,
    shownAt: d.now(),
    cards: shown.cards,
    progress: shown.progress,
    ...(shown.warnDueMs === undefined ? {} : { warnDueMs: shown.warnDueMs }),
    ...(listedModifiedAt === undefined ? {} : { listedModifiedAt }),
  };
  d.state.seen.set(job.id, s);
  await d.store.putJobState(job.id, s);
}

function backOff(d: PollDeps, id: string): void {
  const failures = (d.state.backoff.get(id)?.failures ?? 0) + 1;
  const delay = Math.min((d.backoffBaseMs ?? 5000) * 2 ** (failures - 1), d.backoffMaxMs ?? 600_000);
  d.state.backoff.set(id, { failures, until: d.now() + delay });
}

/** 429 and 410 concern every job: the pass stops. Returns true when the error was one of those. */
async function handleGlobalError(d: PollDeps, err: unknown, report: Report): Promise<boolean> {
  if (!isBackendError(err)) return false;
  if (err.kind === 'rate_limited') {
    d.state.pausedUntil = d.now() + (err.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_S) * 1000;
    report.aborted = 'rate_limited';
    report.errors.push({ kind: 'rate_limited', message: err.message });
    return true;
  }
  if (err.kind === 'retired') {
    if (!report.aborted) {
      d.state.retired = true;
      await d.watches.pauseAll();
    }
    report.aborted = 'retired';
    report.errors.push({ kind: 'retired', message: err.message });
    return true;
  }
  return false;
}

async function succeeded(d: PollDeps): Promise<void> {
  if (d.state.retired === false) return;
  d.state.retired = false;
  await d.watches.resumeAll();
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));
