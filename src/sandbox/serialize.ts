import type { DerivedJob } from './lifecycle.js';
import type { FileRecord, JobRecord } from './types.js';

const sec = (ms: number) => Math.floor(ms / 1000);

/**
 * A job in Mistral's wire shape (Completion/ClassifierFineTuningJob, or …Details when detailed).
 * The W&B api_key is never stored, so it cannot leak here; the run url appears once training runs.
 */
export function jobToWire(r: JobRecord, d: DerivedJob, detailed: boolean): Record<string, unknown> {
  const job: Record<string, unknown> = {
    id: r.id,
    object: 'job',
    auto_start: r.autoStart,
    model: r.model,
    status: d.status,
    job_type: r.jobType,
    created_at: sec(r.createdAtMs),
    modified_at: sec(d.modifiedAtMs),
    training_files: r.trainingFiles,
    validation_files: r.validationFiles,
    fine_tuned_model: d.fineTunedModel,
    suffix: r.suffix,
    integrations: r.integrations.map((i) => ({
      ...i,
      url: d.hasRun
        ? `https://wandb.ai/sandbox/${encodeURIComponent(i.project)}/runs/${r.id.slice(0, 8)}`
        : null,
    })),
    trained_tokens: d.trainedTokens,
    metadata: d.metadata,
    hyperparameters: r.hyperparameters,
  };
  if (r.jobType === 'completion') job.repositories = [];
  if (detailed) {
    job.events = d.events;
    job.checkpoints = d.checkpoints;
    if (r.jobType === 'classifier') job.classifier_targets = r.classifierTargets;
  }
  return job;
}

export function fileToWire(f: FileRecord, withDeleted = false): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: f.id,
    object: 'file',
    bytes: f.content.byteLength,
    created_at: sec(f.createdAtMs),
    filename: f.filename,
    purpose: f.purpose,
    sample_type: f.sampleType,
    num_lines: f.numLines,
    mimetype: f.mimetype,
    source: f.source,
    signature: f.signature,
    expires_at: f.expiresAt,
    visibility: f.visibility,
  };
  if (withDeleted) out.deleted = false;
  return out;
}
