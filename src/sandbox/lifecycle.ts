import type { Checkpoint, JobEvent, JobMetadata, KnownJobStatus } from '../domain/job.js';
import { isTerminalStatus } from '../domain/status.js';
import { computeNumbers, SECONDS_PER_STEP, tokensPerStep } from './metadata.js';
import { hashString, mulberry32 } from './prng.js';
import type { JobRecord } from './types.js';

/** Phase lengths at speed 1, in ms. The real service takes minutes; these keep demos watchable. */
export const PHASE_MS = {
  queued: 5_000,
  validating: 10_000,
  /** How long an auto-start job shows VALIDATED before it starts. */
  validatedAutoStart: 1_000,
  started: 2_000,
  step: SECONDS_PER_STEP * 1000,
  cancelling: 3_000,
} as const;

export interface Transition {
  status: KnownJobStatus;
  atMs: number;
  data?: Record<string, unknown>;
}

export interface DerivedJob {
  status: KnownJobStatus;
  modifiedAtMs: number;
  metadata: JobMetadata | null;
  fineTunedModel: string | null;
  trainedTokens: number | null;
  /** True once training has begun: W&B runs only exist from then on. */
  hasRun: boolean;
  /** Newest first, as in Mistral's docs example. Empty unless asked for. */
  events: JobEvent[];
  /** Newest first. Empty unless asked for. */
  checkpoints: Checkpoint[];
}

/**
 * Every status change the job will go through given what is known now (start and cancel
 * requests), ignoring the clock. A job waiting for `/start` has an open-ended timeline.
 */
export function planTimeline(r: JobRecord, speed: number): Transition[] {
  const d = (ms: number) => ms / speed;
  const out: Transition[] = [{ status: 'QUEUED', atMs: r.createdAtMs }];
  let t = r.createdAtMs + d(PHASE_MS.queued) + (r.shape?.holdQueuedMs ?? 0);
  out.push({ status: 'VALIDATING', atMs: t });
  t += d(PHASE_MS.validating);
  if (!r.dataCheck.ok) {
    out.push({ status: 'FAILED_VALIDATION', atMs: t, data: { error: r.dataCheck.error } });
    return applyCancel(out, r, speed);
  }
  out.push({ status: 'VALIDATED', atMs: t });
  const startAt = r.autoStart ? t + d(PHASE_MS.validatedAutoStart) : r.startRequestedAtMs;
  if (startAt !== undefined) {
    // With a cap on running jobs (`maxRunning`), the start also waits for a free slot.
    const started = Math.max(startAt, t, r.slotAtMs ?? t);
    const running = started + d(PHASE_MS.started);
    out.push({ status: 'STARTED', atMs: started }, { status: 'RUNNING', atMs: running });
    const steps = trainingSteps(r);
    const stepAt = (step: number) => running + step * d(PHASE_MS.step) + stallBefore(r, step);
    if (r.failAtStep !== undefined && r.failAtStep < steps) {
      out.push({
        status: 'FAILED',
        atMs: stepAt(r.failAtStep),
        data: { error: `Training diverged at step ${r.failAtStep} (loss is NaN).` },
      });
    } else {
      out.push({ status: 'SUCCESS', atMs: stepAt(steps) });
    }
  }
  return applyCancel(out, r, speed);
}

/** A cancel request cuts the plan at its time, unless the job had already finished by then. */
function applyCancel(plan: Transition[], r: JobRecord, speed: number): Transition[] {
  const c = r.cancelRequestedAtMs;
  if (c === undefined) return plan;
  const before = plan.filter((t) => t.atMs <= c);
  const last = before[before.length - 1];
  if (last && isTerminalStatus(last.status)) return before;
  return [
    ...before,
    { status: 'CANCELLATION_REQUESTED', atMs: c },
    { status: 'CANCELLED', atMs: c + PHASE_MS.cancelling / speed },
  ];
}

/** Clock ms a shaped stall (`shape.stall`) adds before `step` is reached. */
function stallBefore(r: JobRecord, step: number): number {
  const stall = r.shape?.stall;
  return stall && step > stall.atStep ? stall.ms : 0;
}

/** Training ms that count toward steps, `elapsed` ms after RUNNING: a stall's time does not. */
function trainingMs(r: JobRecord, elapsed: number, stepMs: number): number {
  const stall = r.shape?.stall;
  if (!stall) return elapsed;
  const from = stall.atStep * stepMs;
  return elapsed <= from ? elapsed : Math.max(from, elapsed - stall.ms);
}

export function trainingSteps(r: JobRecord): number {
  const tokens = r.dataCheck.ok ? r.dataCheck.dataTokens : 0;
  return computeNumbers(tokens, r.hyperparameters, r.pricePerMTokens).training_steps;
}

/**
 * The job as seen at `nowMs`: a pure function of the record, the clock and the speed, so reads are
 * cheap and reproducible and the lifecycle needs no timers.
 */
export function deriveJob(r: JobRecord, nowMs: number, speed: number, withHistory = false): DerivedJob {
  const plan = planTimeline(r, speed);
  const visible = plan.filter((t) => t.atMs <= nowMs);
  if (visible.length === 0) visible.push(plan[0] as Transition);
  const current = visible[visible.length - 1] as Transition;
  const at = (s: KnownJobStatus) => visible.find((t) => t.status === s);

  const validated = at('VALIDATED');
  let metadata: JobMetadata | null = null;
  let steps = 0;
  if (validated && r.dataCheck.ok) {
    const n = computeNumbers(r.dataCheck.dataTokens, r.hyperparameters, r.pricePerMTokens);
    steps = n.training_steps;
    const started = plan.find((t) => t.status === 'STARTED');
    metadata = {
      expected_duration_seconds: n.expected_duration_seconds,
      cost: r.shape?.cost ?? n.cost,
      cost_currency: n.cost_currency,
      train_tokens_per_step: n.train_tokens_per_step,
      train_tokens: n.train_tokens,
      data_tokens: n.data_tokens,
      estimated_start_time: started ? Math.floor(started.atMs / 1000) : null,
    };
  }

  const running = at('RUNNING');
  const stepMs = PHASE_MS.step / speed;
  let stepsDone = 0;
  if (running) {
    const after = visible[visible.indexOf(running) + 1];
    const end = Math.min(nowMs, after ? after.atMs : nowMs);
    stepsDone =
      current.status === 'SUCCESS'
        ? steps
        : Math.min(steps, Math.floor(trainingMs(r, end - running.atMs, stepMs) / stepMs));
  }

  const success = current.status === 'SUCCESS';
  return {
    status: current.status,
    modifiedAtMs: current.atMs,
    metadata,
    fineTunedModel: success ? fineTunedModelName(r) : null,
    trainedTokens: running ? stepsDone * tokensPerStep(r.hyperparameters.seq_len) : null,
    hasRun: running !== undefined,
    events: withHistory ? visible.map(toEvent).reverse() : [],
    checkpoints:
      withHistory && running
        ? checkpoints(r.id, steps, stepsDone, running.atMs, stepMs, {
            overfit: r.shape?.overfit,
            stallBefore: (step) => stallBefore(r, step),
          })
        : [],
  };
}

function toEvent(t: Transition): JobEvent {
  return {
    name: 'status-updated',
    data: { status: t.status, ...t.data },
    created_at: Math.floor(t.atMs / 1000),
  };
}

export function fineTunedModelName(r: JobRecord): string {
  const hex = hashString(`${r.id}:model`).toString(16).padStart(8, '0');
  return `ft:${r.model}:${r.suffix ?? 'sandbox'}:${hex}`;
}

/**
 * A checkpoint every 10 % of the steps, metrics shaped like a healthy run plus seeded noise; an
 * overfitting run's validation loss climbs (`overfitBump`), its training noise damped so training
 * loss visibly keeps falling.
 */
export function checkpoints(
  jobId: string,
  steps: number,
  stepsDone: number,
  runStartMs: number,
  stepMs: number,
  shape: { overfit?: { from: number; until?: number }; stallBefore?: (step: number) => number } = {},
): Checkpoint[] {
  const seen = new Set<number>();
  const out: Checkpoint[] = [];
  for (let k = 1; k <= 10; k++) {
    const step = Math.max(1, Math.round((steps * k) / 10));
    if (step > stepsDone || seen.has(step)) continue;
    seen.add(step);
    const p = step / steps;
    const rng = mulberry32(hashString(jobId) ^ step);
    const noise = () => (rng() - 0.5) * (shape.overfit ? 0.01 : 0.06);
    const train = 0.6 + 1.9 * Math.exp(-3.5 * p) + noise();
    const overfit = shape.overfit ? overfitBump(shape.overfit, p) : 0;
    out.push({
      step_number: step,
      created_at: Math.floor((runStartMs + step * stepMs + (shape.stallBefore?.(step) ?? 0)) / 1000),
      metrics: {
        train_loss: round4(train),
        valid_loss: round4(train + 0.08 + Math.abs(noise()) + overfit),
        valid_mean_token_accuracy: round4(0.5 + 0.4 * (1 - Math.exp(-3 * p)) + noise() / 2),
      },
    });
  }
  return out.reverse();
}

/** What overfitting adds to validation loss at `p` of the steps: a climb, then (after `until`) a fall. */
function overfitBump(o: { from: number; until?: number }, p: number): number {
  const until = o.until ?? 1;
  if (p <= o.from) return 0;
  if (p <= until) return 2 * (p - o.from);
  return Math.max(0, 2 * (until - o.from) - 3 * (p - until));
}

function round4(n: number): number {
  return Math.round(n * 10000) / 10000;
}
