import type { Checkpoint, Job, JobDetails, JobEvent, JobStatus, WandbIntegration } from '../../domain/job.js';
import type { WireCheckpoint, WireEvent, WireJob, WireMetricRow } from './wire-schemas.js';

/** Together's statuses (FinetuneJobStatus) onto the canonical ones (providers.md §4.3). */
const STATUS: Record<string, JobStatus> = {
  pending: 'QUEUED',
  queued: 'QUEUED',
  running: 'RUNNING',
  compressing: 'RUNNING',
  uploading: 'RUNNING',
  cancel_requested: 'CANCELLATION_REQUESTED',
  cancelled: 'CANCELLED',
  error: 'FAILED',
  completed: 'SUCCESS',
};

/** An unknown string is kept verbatim: the status enum is open, the card shows it as it came. */
export function statusFromTogether(status: string): JobStatus {
  return Object.hasOwn(STATUS, status) ? (STATUS[status] as JobStatus) : status;
}

/** Together prices jobs in nano-dollars (its SDKs' `finetune_price_to_dollars` divides by 1e9). */
export const NANO_DOLLARS_PER_USD = 1e9;

function integrations(j: WireJob, events: readonly WireEvent[]): WandbIntegration[] {
  const url = j.wandb_url || events.find((e) => e.wandb_url)?.wandb_url || null;
  if (!j.wandb_project_name && !url) return [];
  // Together's default project is `together` when W&B is on but no project was named.
  return [{ type: 'wandb', project: j.wandb_project_name || 'together', name: j.wandb_name ?? null, url }];
}

/** The step count the card's progress bar divides by: Together says it in its events. */
function totalSteps(events: readonly WireEvent[]): number | null {
  let max = 0;
  for (const e of events) if (e.total_steps && e.total_steps > max) max = e.total_steps;
  return max > 0 ? max : null;
}

export function jobFromTogether(j: WireJob, events: readonly WireEvent[] = j.events ?? []): Job {
  const cost = j.total_price != null ? j.total_price / NANO_DOLLARS_PER_USD : null;
  const hasMetadata = cost !== null || j.token_count != null;
  return {
    id: j.id,
    model: j.model,
    status: statusFromTogether(j.status),
    job_type: 'completion',
    // Together starts every job on create.
    auto_start: true,
    created_at: j.created_at,
    modified_at: j.updated_at ?? j.created_at,
    training_files: j.training_file ? [j.training_file] : [],
    validation_files: j.validation_file ? [j.validation_file] : [],
    hyperparameters: {
      training_steps: totalSteps(events),
      learning_rate: j.learning_rate ?? null,
      weight_decay: j.weight_decay ?? null,
      warmup_fraction: j.warmup_ratio ?? null,
      epochs: j.n_epochs ?? null,
      seq_len: j.max_seq_length ?? null,
    },
    fine_tuned_model: j.model_output_name || null,
    suffix: j.suffix || null,
    integrations: integrations(j, events),
    trained_tokens: j.token_count ?? null,
    metadata: hasMetadata
      ? { cost, cost_currency: cost === null ? null : 'USD', train_tokens: j.token_count ?? null }
      : null,
  };
}

/**
 * Together's event types that say the job changed state are also named `status-updated` with the
 * canonical status, the shape the watch turns into thread replies; the others keep their type.
 */
const EVENT_STATUS: Record<string, JobStatus> = {
  job_pending: 'QUEUED',
  job_start: 'STARTED',
  training_start: 'RUNNING',
  cancel_requested: 'CANCELLATION_REQUESTED',
  job_stopped: 'CANCELLED',
  job_error: 'FAILED',
  job_complete: 'SUCCESS',
};

export function eventFromTogether(e: WireEvent): JobEvent {
  const type = e.type ?? 'unknown';
  const data: Record<string, unknown> = { type };
  for (const key of ['message', 'level', 'step', 'total_steps', 'wandb_url', 'model_path'] as const) {
    const v = e[key];
    if (v != null && v !== '') data[key] = v;
  }
  const status = Object.hasOwn(EVENT_STATUS, type) ? EVENT_STATUS[type] : undefined;
  if (status) return { name: 'status-updated', data: { status, ...data }, created_at: e.created_at };
  return { name: type, data, created_at: e.created_at };
}

const metric = (row: WireMetricRow, ...keys: string[]): number | null => {
  for (const k of keys) {
    const v = row[k];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return null;
};

/** At most this many points: a long run logs every step, a card needs a curve, not thousands. */
export const MAX_CHECKPOINTS = 100;

/**
 * One checkpoint per logged metrics step, plus every saved checkpoint, sorted by step. Metric rows
 * carry no time: a step takes the time of the saved checkpoint or event at that step, else the
 * job's last update.
 */
export function checkpointsFromTogether(
  rows: readonly WireMetricRow[],
  saved: readonly WireCheckpoint[],
  events: readonly WireEvent[],
  fallbackAt: number,
): Checkpoint[] {
  const byStep = new Map<number, Checkpoint>();
  const timeOf = (step: number) =>
    saved.find((c) => c.step === step)?.created_at ??
    events.find((e) => e.step === step)?.created_at ??
    fallbackAt;
  for (const row of rows) {
    const step = metric(row, 'train/global_step', 'global_step', 'step');
    if (step === null) continue;
    byStep.set(step, {
      step_number: step,
      created_at: timeOf(step),
      metrics: {
        train_loss: metric(row, 'train/loss'),
        valid_loss: metric(row, 'eval/loss', 'valid/loss'),
      },
    });
  }
  for (const c of saved) {
    if (!byStep.has(c.step))
      byStep.set(c.step, { step_number: c.step, created_at: c.created_at, metrics: {} });
  }
  const all = [...byStep.values()].sort((a, b) => a.step_number - b.step_number);
  return thin(all, MAX_CHECKPOINTS);
}

/** Evenly spaced points, always keeping the latest (the card's progress and latest metrics). */
function thin<T>(items: T[], max: number): T[] {
  if (items.length <= max) return items;
  const out: T[] = [];
  const stride = (items.length - 1) / (max - 1);
  for (let i = 0; i < max; i++) out.push(items[Math.round(i * stride)] as T);
  return out;
}

export function detailsFromTogether(
  j: WireJob,
  events: readonly WireEvent[],
  rows: readonly WireMetricRow[],
  saved: readonly WireCheckpoint[],
): JobDetails {
  const job = jobFromTogether(j, events);
  return {
    ...job,
    events: events.map(eventFromTogether).sort((a, b) => a.created_at - b.created_at),
    checkpoints: checkpointsFromTogether(rows, saved, events, job.modified_at),
  };
}
