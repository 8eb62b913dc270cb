import type { Checkpoint, JobDetails } from '../domain/job.js';
import { isTerminalStatus, isTrainingStatus, phaseOf } from '../domain/status.js';
import {
  type ActiveWarning,
  DEFAULT_QUEUED_MINUTES,
  ESTIMATE_GRACE_MINUTES,
  type WarningKind,
  type WarningThresholds,
} from '../domain/warning.js';
import { latestCheckpoint } from '../views/progress.js';
import { transitionsOf } from './transitions.js';

const MINUTE_MS = 60_000;

/** What the poller knows of a job beyond its details: when its progress last moved. */
export interface JobClocks {
  /** Milliseconds, when the poller first saw the job's current step and checkpoints. */
  progressSinceMs?: number;
}

export interface WarningScan {
  active: ActiveWarning[];
  /** Milliseconds, when the next time-based warning becomes due if the job stays as it is. */
  nextDueMs?: number;
}

/** Everything a step or checkpoint changes: a new value means training moved. */
export function progressMarker(job: JobDetails): string {
  const last = latestCheckpoint(job.checkpoints);
  return [job.status, job.checkpoints.length, last?.step_number ?? '', job.trained_tokens ?? ''].join('|');
}

/**
 * Which warnings hold for the job at `nowMs`, and when the next one falls due. Pure: the poller
 * plans its fetches from `nextDueMs`, the watch posts and clears from `active`. A job that ended
 * has none (its terminal summary is what the thread needs).
 */
export function scanWarnings(
  job: JobDetails,
  clocks: JobClocks,
  t: WarningThresholds,
  nowMs: number,
): WarningScan {
  if (isTerminalStatus(job.status)) return { active: [] };
  const active: ActiveWarning[] = [];
  const due: number[] = [];
  const timed = (dueMs: number | undefined, warning: () => ActiveWarning) => {
    if (dueMs === undefined) return;
    if (nowMs >= dueMs) active.push(warning());
    else due.push(dueMs);
  };
  const queued = queuedSince(job);
  if (queued !== undefined) {
    const estimatedStart = job.metadata?.estimated_start_time ?? undefined;
    timed(queuedDueMs(queued, estimatedStart, t), () => ({
      kind: 'queued',
      episode: `${job.status}@${Math.floor(queued / 1000)}`,
      status: job.status,
      sinceMs: queued,
      ...(estimatedStart ? { estimatedStart } : {}),
    }));
  }
  const since = clocks.progressSinceMs;
  if (isTrainingStatus(job.status) && since !== undefined) {
    timed(since + t.stalledMinutes * MINUTE_MS, () => ({
      kind: 'stalled',
      episode: progressMarker(job),
      sinceMs: since,
    }));
  }
  const overfit = overfitting(job.checkpoints);
  if (overfit) active.push({ kind: 'overfitting', episode: `best@${overfit.best.step_number}`, ...overfit });
  const cost = costOver(job, t);
  if (cost) active.push(cost);
  return { active, ...(due.length > 0 ? { nextDueMs: Math.min(...due) } : {}) };
}

/**
 * Milliseconds, when the job's current waiting status began: queued, validating, or validated and
 * waiting for a training slot (an auto-start job). A job held for someone to press Start is not
 * waiting on the provider, so it gets no warning.
 */
function queuedSince(job: JobDetails): number | undefined {
  const phase = phaseOf(job.status);
  const waiting =
    phase === 'queued' || phase === 'validating' || (phase === 'waiting_for_start' && job.auto_start);
  if (!waiting) return undefined;
  const ts = transitionsOf(job).filter((x) => x.status === job.status);
  const at = ts[ts.length - 1]?.at || job.modified_at;
  return at * 1000;
}

function queuedDueMs(sinceMs: number, estimatedStart: number | undefined, t: WarningThresholds): number {
  if (t.queuedMinutes !== undefined) return sinceMs + t.queuedMinutes * MINUTE_MS;
  const byDefault = sinceMs + DEFAULT_QUEUED_MINUTES * MINUTE_MS;
  // A wait the provider announced is no surprise: warn once it is well past its own estimate.
  if (!estimatedStart) return byDefault;
  return Math.max(byDefault, (estimatedStart + ESTIMATE_GRACE_MINUTES * 60) * 1000);
}

/**
 * Validation loss rising over the last three checkpoints while training loss fell over them: the
 * classic sign of overfitting. `best` is where validation loss was lowest.
 */
export function overfitting(
  checkpoints: readonly Checkpoint[],
): { last: Checkpoint[]; best: Checkpoint } | undefined {
  const scored = checkpoints
    .filter((c) => typeof c.metrics.valid_loss === 'number' && typeof c.metrics.train_loss === 'number')
    .sort((a, b) => a.step_number - b.step_number);
  const last = scored.slice(-3);
  if (last.length < 3) return undefined;
  const [a, b, c] = last.map((x) => x.metrics) as [
    Checkpoint['metrics'],
    Checkpoint['metrics'],
    Checkpoint['metrics'],
  ];
  const rising =
    (a.valid_loss as number) < (b.valid_loss as number) &&
    (b.valid_loss as number) < (c.valid_loss as number);
  const falling = (c.train_loss as number) < (a.train_loss as number);
  if (!rising || !falling) return undefined;
  let best = scored[0] as Checkpoint;
  for (const x of scored)
    if ((x.metrics.valid_loss as number) < (best.metrics.valid_loss as number)) best = x;
  return { last, best };
}

/** The reported cost past the configured threshold; a cost in another currency is never compared. */
function costOver(job: JobDetails, t: WarningThresholds): ActiveWarning | undefined {
  const cost = job.metadata?.cost;
  if (!t.cost || typeof cost !== 'number' || cost <= t.cost.amount) return undefined;
  const currency = job.metadata?.cost_currency ?? undefined;
  if (currency && currency.toUpperCase() !== t.cost.currency) return undefined;
  return {
    kind: 'cost',
    episode: `over@${t.cost.amount}${t.cost.currency}`,
    cost,
    currency,
    threshold: t.cost,
  };
}

/** A warning's identity on a watch: a kind and an episode. */
export const warningId = (w: { kind: WarningKind; episode: string }) => `${w.kind}:${w.episode}`;
