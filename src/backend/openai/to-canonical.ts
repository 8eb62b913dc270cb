import {
  type Checkpoint,
  type FileInfo,
  HYPERPARAMETER_KEYS,
  type Hyperparameters,
  type Job,
  type JobDetails,
  type JobEvent,
  type ModelInfo,
  type WandbIntegration,
} from '../../domain/job.js';
import { isTerminalStatus } from '../../domain/status.js';
import { mapStatus } from './status.js';
import type { WireCheckpoint, WireEvent, WireJob } from './wire-schemas.js';

/** `ft:gpt-4o-mini-2024-07-18:my-org:my-suffix:7p4lURel` → `my-suffix` (empty part → none). */
export function suffixFromModel(fineTuned: string | null | undefined): string | null {
  const parts = fineTuned?.split(':') ?? [];
  return parts.length === 5 && parts[0] === 'ft' && parts[3] ? parts[3] : null;
}

/** `ft:<base>:…` → `<base>`. */
export function rootFromModel(id: string): string | null {
  const parts = id.split(':');
  return parts[0] === 'ft' && parts[1] ? parts[1] : null;
}

function epochsOf(j: WireJob): number | null {
  // `method` is current; the top-level `hyperparameters` is deprecated but still returned.
  const n = j.method?.supervised?.hyperparameters?.n_epochs ?? j.hyperparameters?.n_epochs;
  return typeof n === 'number' ? n : null;
}

/** The newest metrics event's `total_steps`, or Nebius's `total_steps` on the job. */
function totalSteps(j: WireJob, events: readonly WireEvent[]): number | null {
  if (typeof j.total_steps === 'number' && j.total_steps > 0) return j.total_steps;
  let best: { at: number; total: number } | undefined;
  for (const e of events) {
    const total = e.data?.total_steps;
    if (typeof total === 'number' && total > 0 && (!best || e.created_at >= best.at))
      best = { at: e.created_at, total };
  }
  return best?.total ?? null;
}

function hyperparametersOf(j: WireJob, events: readonly WireEvent[]): Required<Hyperparameters> {
  const out = Object.fromEntries(HYPERPARAMETER_KEYS.map((k) => [k, null])) as Required<Hyperparameters>;
  out.epochs = epochsOf(j);
  // Not a setting on this API but what the job reports it trains for: the progress bar reads it.
  out.training_steps = totalSteps(j, events);
  return out;
}

function integrationsOf(j: WireJob): WandbIntegration[] {
  return (j.integrations ?? []).flatMap((i): WandbIntegration[] =>
    i.type === 'wandb' && i.wandb
      ? [{ type: 'wandb', project: i.wandb.project, name: i.wandb.name ?? null, run_name: null, url: null }]
      : [],
  );
}

/** A list item (no events fetched): modified at its finish, else its creation. */
export function toJob(j: WireJob, events: readonly WireEvent[] = []): Job {
  const newestEvent = events.reduce((m, e) => Math.max(m, e.created_at), 0);
  return {
    id: j.id,
    model: j.model,
    status: mapStatus(j.status, j.error?.param),
    job_type: 'completion',
    auto_start: true,
    created_at: j.created_at,
    modified_at: j.finished_at ?? Math.max(j.created_at, newestEvent),
    training_files: [j.training_file],
    validation_files: j.validation_file ? [j.validation_file] : [],
    hyperparameters: hyperparametersOf(j, events),
    fine_tuned_model: j.fine_tuned_model ?? null,
    suffix: j.suffix ?? suffixFromModel(j.fine_tuned_model),
    integrations: integrationsOf(j),
    trained_tokens: j.trained_tokens ?? null,
    // No canonical field fits `estimated_finish` (a time, not a duration) or OpenAI's price.
    metadata: null,
  };
}

function toEvent(e: WireEvent): JobEvent {
  const data: Record<string, unknown> = { ...e.data, level: e.level, message: e.message };
  // The card shows `data.error` under an event; OpenAI says what went wrong in the message.
  if (e.level === 'error') data.error = e.message;
  return { name: e.type === 'metrics' ? 'metrics' : e.message, data, created_at: e.created_at };
}

const metric = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * Checkpoints plus one point per metrics event (`data.step`, losses): OpenAI saves few checkpoints
 * (the last epochs) but reports metrics every few steps, and the progress bar and the loss chart
 * read the newest step from `checkpoints`. A real checkpoint wins over a metrics point at its step.
 */
function pointsOf(checkpoints: readonly WireCheckpoint[], events: readonly WireEvent[]): Checkpoint[] {
  const byStep = new Map<number, Checkpoint>();
  for (const e of events) {
    const step = e.data?.step;
    if (e.type !== 'metrics' || typeof step !== 'number') continue;
    byStep.set(step, {
      step_number: step,
      created_at: e.created_at,
      metrics: {
        train_loss: metric(e.data?.train_loss),
        valid_loss: metric(e.data?.valid_loss),
        valid_mean_token_accuracy: metric(e.data?.valid_mean_token_accuracy),
      },
    });
  }
  for (const c of checkpoints) {
    byStep.set(c.step_number, {
      step_number: c.step_number,
      created_at: c.created_at,
      metrics: {
        train_loss: c.metrics.train_loss ?? null,
        valid_loss: c.metrics.valid_loss ?? null,
        valid_mean_token_accuracy: c.metrics.valid_mean_token_accuracy ?? null,
      },
    });
  }
  return [...byStep.values()].sort((a, b) => a.step_number - b.step_number);
}

/**
 * The job with its history, oldest first. OpenAI's events carry no status, so a terminal job gets
 * one `status-updated` event at its finish: the watch posts the outcome from it, and a failure's
 * reason (`error.message`) travels in its data as Mistral's does.
 */
export function toDetails(
  j: WireJob,
  events: readonly WireEvent[],
  checkpoints: readonly WireCheckpoint[],
): JobDetails {
  const job = toJob(j, events);
  const history = events.map(toEvent);
  if (isTerminalStatus(job.status)) {
    const data: Record<string, unknown> = { status: job.status };
    if (j.error?.message) data.error = j.error.message;
    history.push({ name: 'status-updated', data, created_at: j.finished_at ?? job.modified_at });
  }
  history.sort((a, b) => a.created_at - b.created_at);
  return { ...job, events: history, checkpoints: pointsOf(checkpoints, events) };
}

export function toFile(f: {
  id: string;
  filename: string;
  bytes: number;
  purpose: string;
  created_at: number;
}): FileInfo {
  return {
    id: f.id,
    filename: f.filename,
    bytes: f.bytes,
    num_lines: null,
    purpose: f.purpose,
    created_at: f.created_at,
  };
}

/** Models no chat fine-tuning can start from; the API does not say which ones can. */
const NOT_CHAT = /embed|whisper|tts|dall-e|moderation|transcribe|realtime|audio|image|search/i;

/**
 * The model list says nothing about fine-tuning, so every chat-capable base model is offered and
 * the create call's 400 (`param: model`) tells the user when one is not fine-tunable. Fine-tuned
 * models (`ft:…`) are listed as such; the job that made them is not in the id.
 */
export function toModel(m: { id: string }): ModelInfo {
  const root = rootFromModel(m.id);
  if (root) return { id: m.id, type: 'fine-tuned', fine_tunable: false, job: null, root };
  return { id: m.id, type: 'base', fine_tunable: !NOT_CHAT.test(m.id), job: null, root: null };
}
