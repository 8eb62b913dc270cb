import type { Checkpoint, JobEvent, KnownJobStatus } from '../../domain/job.js';
import { type DerivedJob, planTimeline, trainingSteps } from '../lifecycle.js';
import { hashString } from '../prng.js';
import type { SandboxStore } from '../store.js';
import type { FileRecord, JobRecord } from '../types.js';
import { derivedId, toFileId, toJobId } from './ids.js';

const sec = (ms: number) => Math.floor(ms / 1000);

/**
 * The engine's Mistral-style states onto OpenAI's six. OpenAI validates files before queueing,
 * so the engine's QUEUED and VALIDATING both read `validating_files`, and VALIDATED/STARTED read
 * `queued`. OpenAI cancels at once: a requested cancel already reads `cancelled`.
 */
const STATUS: Record<KnownJobStatus, string> = {
  QUEUED: 'validating_files',
  VALIDATING: 'validating_files',
  VALIDATED: 'queued',
  STARTED: 'queued',
  RUNNING: 'running',
  SUCCESS: 'succeeded',
  FAILED: 'failed',
  FAILED_VALIDATION: 'failed',
  CANCELLATION_REQUESTED: 'cancelled',
  CANCELLED: 'cancelled',
};

export const openaiStatus = (s: KnownJobStatus): string => STATUS[s];

/** The engine's training-failure and bad-data errors as OpenAI's `error` object. */
function errorOf(store: SandboxStore, r: JobRecord, d: DerivedJob): Record<string, unknown> | null {
  if (d.status === 'FAILED_VALIDATION') {
    const message = r.dataCheck.ok ? 'The training file is invalid.' : r.dataCheck.error;
    const badTraining = r.trainingFiles.some((id) => !store.checkFile(id, r.jobType).ok);
    const param = badTraining ? 'training_file' : 'validation_file';
    return { code: `invalid_${param}`, message, param };
  }
  if (d.status === 'FAILED') {
    const ev = d.events.find((e) => e.data?.status === 'FAILED');
    const message =
      typeof ev?.data?.error === 'string' ? ev.data.error : 'The job failed due to an internal error.';
    return { code: 'server_error', message, param: null };
  }
  return null;
}

/** `ft:<base>:<org>:<suffix>:<id>`, OpenAI's naming (an empty suffix part when none was given). */
export function fineTunedName(r: JobRecord): string {
  const hex = hashString(`${r.id}:model`).toString(16).padStart(8, '0');
  return `ft:${r.model}:sandbox-org:${r.suffix ?? ''}:${hex}`;
}

export function jobToOpenAI(store: SandboxStore, r: JobRecord): Record<string, unknown> {
  // History is needed for the failure reason; reads are pure and cheap.
  const d = store.derive(r, true);
  const status = openaiStatus(d.status);
  const terminal = ['succeeded', 'failed', 'cancelled'].includes(status);
  const cancelled = status === 'cancelled' && r.cancelRequestedAtMs !== undefined;
  const finishedAt = terminal ? sec(cancelled ? (r.cancelRequestedAtMs ?? 0) : d.modifiedAtMs) : null;
  const success = planTimeline(r, store.speed).find((t) => t.status === 'SUCCESS');
  const hp = {
    batch_size: 'auto',
    learning_rate_multiplier: 'auto',
    n_epochs: r.hyperparameters.epochs ?? 'auto',
  };
  return {
    object: 'fine_tuning.job',
    id: toJobId(r.id),
    model: r.model,
    created_at: sec(r.createdAtMs),
    finished_at: finishedAt,
    fine_tuned_model: d.status === 'SUCCESS' ? fineTunedName(r) : null,
    organization_id: 'org-sandbox',
    result_files: [],
    status,
    validation_file: r.validationFiles[0] ? toFileId(r.validationFiles[0]) : null,
    training_file: toFileId(r.trainingFiles[0] ?? ''),
    hyperparameters: hp,
    method: { type: 'supervised', supervised: { hyperparameters: hp } },
    // "null if the fine-tuning job is still running".
    trained_tokens: terminal ? d.trainedTokens : null,
    error: errorOf(store, r, d),
    seed: hashString(r.id) & 0x7fffffff,
    estimated_finish:
      status === 'running' || status === 'queued' ? (success ? sec(success.atMs) : null) : null,
    integrations:
      r.integrations.length > 0
        ? r.integrations.map((i) => ({
            type: 'wandb',
            wandb: { project: i.project, name: i.name, entity: null, tags: [] },
          }))
        : null,
    metadata: null,
  };
}

/** What OpenAI's event log says at each engine transition (none for RUNNING and CANCELLED, folded into neighbours). */
function messageOf(
  status: string,
  r: JobRecord,
  data: Record<string, unknown> | null,
): [string, string] | null {
  const error = typeof data?.error === 'string' ? data.error : undefined;
  switch (status) {
    case 'QUEUED':
      return ['info', `Created fine-tuning job: ${toJobId(r.id)}`];
    case 'VALIDATING':
      return ['info', `Validating training file: ${toFileId(r.trainingFiles[0] ?? '')}`];
    case 'VALIDATED':
      return ['info', 'Files validated, moving job to queued state'];
    case 'STARTED':
      return ['info', 'Fine-tuning job started'];
    case 'SUCCESS':
      return ['info', 'The job has successfully completed'];
    case 'FAILED':
    case 'FAILED_VALIDATION':
      return ['error', error ?? 'The job failed'];
    case 'CANCELLATION_REQUESTED':
      return ['info', 'The job was cancelled'];
    default:
      return null;
  }
}

const round4 = (n: number) => Math.round(n * 10000) / 10000;

/** Events newest first, as OpenAI lists them: status messages plus one metrics event per checkpoint. */
export function eventsToOpenAI(store: SandboxStore, r: JobRecord): Record<string, unknown>[] {
  const d = store.derive(r, true);
  const total = trainingSteps(r);
  const out: Array<Record<string, unknown> & { created_at: number }> = [];
  d.events.forEach((e: JobEvent) => {
    const status = String(e.data?.status ?? '');
    const m = messageOf(status, r, e.data);
    if (!m) return;
    out.push({
      object: 'fine_tuning.job.event',
      id: derivedId('ftevent-', r.id, status),
      created_at: e.created_at,
      level: m[0],
      message: m[1],
      type: 'message',
      data: {},
    });
  });
  for (const c of d.checkpoints) {
    const loss = c.metrics.train_loss ?? 0;
    out.push({
      object: 'fine_tuning.job.event',
      id: derivedId('ftevent-', r.id, `step-${c.step_number}`),
      created_at: c.created_at,
      level: 'info',
      message: `Step ${c.step_number}/${total}: training loss=${loss.toFixed(2)}`,
      type: 'metrics',
      data: {
        step: c.step_number,
        total_steps: total,
        train_loss: c.metrics.train_loss,
        valid_loss: c.metrics.valid_loss,
        train_mean_token_accuracy: round4((c.metrics.valid_mean_token_accuracy ?? 0) + 0.02),
        valid_mean_token_accuracy: c.metrics.valid_mean_token_accuracy,
      },
    });
  }
  // Newest first; a step and a status in the same second keep the engine's order.
  return out.sort((a, b) => b.created_at - a.created_at);
}

export function checkpointsToOpenAI(store: SandboxStore, r: JobRecord): Record<string, unknown>[] {
  const d = store.derive(r, true);
  return d.checkpoints.map((c: Checkpoint) => ({
    object: 'fine_tuning.job.checkpoint',
    id: derivedId('ftckpt-', r.id, String(c.step_number)),
    created_at: c.created_at,
    fine_tuned_model_checkpoint: `${fineTunedName(r)}:ckpt-step-${c.step_number}`,
    fine_tuning_job_id: toJobId(r.id),
    step_number: c.step_number,
    metrics: {
      step: c.step_number,
      train_loss: c.metrics.train_loss ?? 0,
      valid_loss: c.metrics.valid_loss ?? 0,
      valid_mean_token_accuracy: c.metrics.valid_mean_token_accuracy ?? 0,
    },
  }));
}

export function fileToOpenAI(f: FileRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    object: 'file',
    id: toFileId(f.id),
    bytes: f.content.byteLength,
    created_at: sec(f.createdAtMs),
    filename: f.filename,
    purpose: f.purpose,
    status: 'processed',
  };
  // The spec types `expires_at` as an integer, never null: a file that does not expire leaves it out.
  if (f.expiresAt !== null) out.expires_at = Math.round(f.expiresAt);
  return out;
}
