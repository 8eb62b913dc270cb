import type { Checkpoint, KnownJobStatus } from '../../domain/job.js';
import { type DerivedJob, trainingSteps } from '../lifecycle.js';
import { hashString } from '../prng.js';
import type { FileRecord, JobRecord } from '../types.js';
import { fileWireId, jobWireId } from './ids.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** The engine's (Mistral-style) states as Together's `FinetuneJobStatus`. */
export const TOGETHER_STATUS: Record<KnownJobStatus, string> = {
  QUEUED: 'pending',
  VALIDATING: 'queued',
  VALIDATED: 'queued',
  STARTED: 'running',
  RUNNING: 'running',
  SUCCESS: 'completed',
  FAILED: 'error',
  FAILED_VALIDATION: 'error',
  CANCELLATION_REQUESTED: 'cancel_requested',
  CANCELLED: 'cancelled',
};

/** Together's answers carry what the create took that the engine does not model. */
export interface TogetherExtras {
  batchSize: number;
  nEvals: number;
}

export function wandbUrl(r: JobRecord): string | null {
  const w = r.integrations[0];
  return w ? `https://wandb.ai/sandbox/${encodeURIComponent(w.project)}/runs/${r.id.slice(0, 8)}` : null;
}

function outputName(r: JobRecord): string {
  const hex = hashString(`${r.id}:model`).toString(16).padStart(8, '0');
  return `sandbox-user/${r.model.split('/').pop()}-${r.suffix ?? 'ft'}-${hex}`;
}

/** FinetuneResponseTruncated (list, create, cancel); `detailed` adds FinetuneResponse's fields. */
export function togetherJob(
  r: JobRecord,
  d: DerivedJob,
  x: TogetherExtras,
  trainingFile: FileRecord | undefined,
  detailed: boolean,
): Record<string, unknown> {
  const h = r.hyperparameters;
  const w = r.integrations[0];
  const started = d.events.find((e) => e.data?.status === 'STARTED');
  const job: Record<string, unknown> = {
    id: jobWireId(r.id),
    status: TOGETHER_STATUS[d.status],
    created_at: iso(r.createdAtMs),
    updated_at: iso(d.modifiedAtMs),
    user_id: 'sandbox-user',
    owner_address: 'sandbox@example.com',
    model: r.model,
    training_file: r.trainingFiles[0] ? fileWireId(r.trainingFiles[0]) : '',
    n_epochs: h.epochs ?? 1,
    n_evals: x.nEvals,
    n_checkpoints: 1,
    batch_size: x.batchSize,
    learning_rate: h.learning_rate,
    warmup_ratio: h.warmup_fraction ?? 0,
    weight_decay: h.weight_decay ?? 0,
    max_grad_norm: 1,
    packing: true,
    lr_scheduler: { lr_scheduler_type: 'linear', lr_scheduler_args: { min_lr_ratio: 0 } },
    training_type: {
      type: 'Lora',
      lora_r: 64,
      lora_alpha: 128,
      lora_dropout: 0,
      lora_trainable_modules: 'all-linear',
    },
    // A boolean: the spec declares `type: boolean` beside its oneOf, so "auto" would not validate.
    training_method: { method: 'sft', train_on_inputs: false },
    events: [],
  };
  if (started) job.started_at = iso(started.created_at * 1000);
  if (r.validationFiles[0]) job.validation_file = fileWireId(r.validationFiles[0]);
  if (h.seq_len) job.max_seq_length = h.seq_len;
  if (r.suffix) job.suffix = r.suffix;
  if (w) {
    job.wandb_project_name = w.project;
    if (w.name) job.wandb_name = w.name;
  }
  if (d.metadata?.cost != null) {
    // Together bills in nano-dollars: an integer, like the spec's `total_price: integer`.
    job.total_price = Math.round(d.metadata.cost * 1e9);
    job.token_count = d.metadata.train_tokens ?? 0;
  }
  if (d.fineTunedModel) job.model_output_name = outputName(r);
  if (!detailed) return job;

  const steps = trainingSteps(r);
  const done = latestStep(d.checkpoints);
  Object.assign(job, {
    job_id: r.id,
    trainingfile_numlines: trainingFile?.numLines ?? 0,
    trainingfile_size: trainingFile?.content.byteLength ?? 0,
    param_count: r.model.includes('8x7B') ? 46_700_000_000 : 7_240_000_000,
    epochs_completed: d.status === 'SUCCESS' ? (h.epochs ?? 1) : Math.floor(((h.epochs ?? 1) * done) / steps),
    queue_depth: d.status === 'QUEUED' ? 1 : 0,
    eval_steps: x.nEvals > 0 ? Math.max(1, Math.floor(steps / x.nEvals)) : 0,
    train_on_inputs: false,
    progress: { estimate_available: d.status === 'RUNNING', seconds_remaining: 0 },
    events: togetherEvents(r, d),
  });
  if (d.fineTunedModel) job.model_output_path = `s3://sandbox/${r.id}/final`;
  // Together sends the run's URL once W&B is initialised, i.e. once training has started.
  const url = wandbUrl(r);
  if (url && d.hasRun) job.wandb_url = url;
  return job;
}

function latestStep(cps: readonly Checkpoint[]): number {
  return cps.reduce((max, c) => Math.max(max, c.step_number), 0);
}

type Ev = {
  type: string;
  message: string;
  at: number;
  level?: string;
  step?: number;
  url?: string;
  model?: string;
};

/** FineTuneEvent objects, oldest first, from the engine's transitions and checkpoints. */
export function togetherEvents(r: JobRecord, d: DerivedJob): Record<string, unknown>[] {
  const total = trainingSteps(r);
  const url = wandbUrl(r);
  // Checkpoints first: the sort is stable, so the last one lands before the job_complete of the same second.
  const out: Ev[] = d.checkpoints.map((c) => ({
    type: 'checkpoint_save',
    message: `Checkpoint saved at step ${c.step_number}`,
    at: c.created_at,
    step: c.step_number,
  }));
  for (const e of [...d.events].reverse()) {
    const at = e.created_at;
    const error = typeof e.data?.error === 'string' ? e.data.error : 'The job failed.';
    switch (e.data?.status) {
      case 'QUEUED':
        out.push({ type: 'job_pending', message: 'Fine tune request created', at });
        break;
      case 'VALIDATING':
        out.push({ type: 'training_data_downloading', message: 'Downloading training data', at });
        break;
      case 'VALIDATED':
        out.push({ type: 'training_data_download_complete', message: 'Training data downloaded', at });
        break;
      case 'STARTED':
        out.push({ type: 'job_start', message: 'Job started', at });
        break;
      case 'RUNNING':
        if (url) out.push({ type: 'wandb_init', message: `Weights & Biases run: ${url}`, at, url });
        out.push({ type: 'training_start', message: 'Training started', at });
        break;
      case 'SUCCESS':
        out.push(
          { type: 'training_complete', message: 'Training completed', at },
          { type: 'job_complete', message: 'Job finished', at, model: `s3://sandbox/${r.id}/final` },
        );
        break;
      case 'FAILED':
      case 'FAILED_VALIDATION':
        out.push({ type: 'job_error', message: error, at, level: 'error' });
        break;
      case 'CANCELLATION_REQUESTED':
        out.push({ type: 'cancel_requested', message: 'Cancellation requested', at });
        break;
      case 'CANCELLED':
        out.push({ type: 'job_stopped', message: 'Job cancelled', at });
        break;
    }
  }
  out.sort((a, b) => a.at - b.at);
  return out.map((e) => ({
    object: 'fine-tune-event',
    created_at: iso(e.at * 1000),
    level: e.level ?? 'info',
    message: e.message,
    type: e.type,
    param_count: 0,
    token_count: 0,
    total_steps: total,
    wandb_url: e.url ?? '',
    step: e.step ?? 0,
    checkpoint_path: e.step ? `s3://sandbox/${r.id}/step-${e.step}` : '',
    model_path: e.model ?? '',
    training_offset: 0,
    hash: hashString(`${r.id}:${e.type}:${e.at}:${e.step ?? 0}`).toString(16),
  }));
}

/** GET /fine-tunes/{id}/checkpoints: saved checkpoints, newest first. */
export function togetherCheckpoints(r: JobRecord, d: DerivedJob) {
  const final = d.status === 'SUCCESS' ? trainingSteps(r) : -1;
  return d.checkpoints.map((c) => ({
    step: c.step_number,
    created_at: iso(c.created_at * 1000),
    path: `s3://sandbox/${r.id}/step-${c.step_number}`,
    checkpoint_type: c.step_number === final ? 'Final' : 'Intermediate',
  }));
}

/** GET /fine-tunes/{id}/metrics: one flat row per logged step, oldest first. */
export function togetherMetrics(r: JobRecord, d: DerivedJob) {
  const lr = r.hyperparameters.learning_rate;
  return [...d.checkpoints].reverse().map((c) => {
    const row: Record<string, number> = { 'train/global_step': c.step_number, 'train/learning_rate': lr };
    if (c.metrics.train_loss != null) row['train/loss'] = c.metrics.train_loss;
    // Evaluations run only when a validation file was given.
    if (r.validationFiles.length > 0 && c.metrics.valid_loss != null) row['eval/loss'] = c.metrics.valid_loss;
    return row;
  });
}

/** Engine purposes as Together's FilePurpose. */
export const TOGETHER_PURPOSE = { 'fine-tune': 'fine-tune', batch: 'batch-api', ocr: 'eval' } as const;

export function togetherFile(f: FileRecord): Record<string, unknown> {
  return {
    id: fileWireId(f.id),
    object: 'file',
    created_at: Math.floor(f.createdAtMs / 1000),
    filename: f.filename,
    bytes: f.content.byteLength,
    purpose: TOGETHER_PURPOSE[f.purpose],
    FileType: f.filename.endsWith('.csv') ? 'csv' : f.filename.endsWith('.parquet') ? 'parquet' : 'jsonl',
    Processed: true,
  };
}
