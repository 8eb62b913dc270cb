import { z } from 'zod';
import {
  type Checkpoint,
  type FileInfo,
  hyperparametersFromCamel,
  type Job,
  type JobDetails,
  type JobEvent,
  type JobMetadata,
  type ModelInfo,
} from '../domain/job.js';

/**
 * Run-time checks of what the SDK hands back. SDK 2.4.0 turns a malformed job into
 * `{isUnknown: true}` instead of throwing, and its status is an open enum; these schemas make a
 * bad answer a `bad_response` error instead of a blank card, and convert camelCase to our snake_case.
 */
const num = z.number().nullish();
const str = z.string().nullish();

const hyperparameters = z
  .object({
    trainingSteps: num,
    learningRate: num,
    weightDecay: num,
    warmupFraction: num,
    epochs: num,
    seqLen: num,
    fimRatio: num,
  })
  .transform(hyperparametersFromCamel);

const metadata = z
  .object({
    expectedDurationSeconds: num,
    cost: num,
    costCurrency: str,
    trainTokensPerStep: num,
    trainTokens: num,
    dataTokens: num,
    estimatedStartTime: num,
  })
  .transform(
    (m): JobMetadata => ({
      expected_duration_seconds: m.expectedDurationSeconds ?? null,
      cost: m.cost ?? null,
      cost_currency: m.costCurrency ?? null,
      train_tokens_per_step: m.trainTokensPerStep ?? null,
      train_tokens: m.trainTokens ?? null,
      data_tokens: m.dataTokens ?? null,
      estimated_start_time: m.estimatedStartTime ?? null,
    }),
  );

const integration = z
  .object({ type: z.literal('wandb'), project: z.string(), name: str, runName: str, url: str })
  .transform((i) => ({
    type: 'wandb' as const,
    project: i.project,
    name: i.name ?? null,
    run_name: i.runName ?? null,
    url: i.url ?? null,
  }));

const baseJob = z.object({
  id: z.string().min(1),
  autoStart: z.boolean(),
  model: z.string(),
  status: z.string().min(1),
  jobType: z.enum(['completion', 'classifier']),
  createdAt: z.number(),
  modifiedAt: z.number(),
  trainingFiles: z.array(z.string()),
  validationFiles: z.array(z.string()).nullish(),
  hyperparameters,
  fineTunedModel: str,
  suffix: str,
  integrations: z.array(integration).nullish(),
  trainedTokens: num,
  metadata: metadata.nullish(),
});

type BaseJobIn = z.infer<typeof baseJob>;

function toJob(j: BaseJobIn): Job {
  return {
    id: j.id,
    model: j.model,
    status: j.status,
    job_type: j.jobType,
    auto_start: j.autoStart,
    created_at: j.createdAt,
    modified_at: j.modifiedAt,
    training_files: j.trainingFiles,
    validation_files: j.validationFiles ?? [],
    hyperparameters: j.hyperparameters,
    fine_tuned_model: j.fineTunedModel ?? null,
    suffix: j.suffix ?? null,
    integrations: j.integrations ?? [],
    trained_tokens: j.trainedTokens ?? null,
    metadata: j.metadata ?? null,
  };
}

export const jobSchema = baseJob.transform(toJob);

const event = z
  .object({ name: z.string(), data: z.record(z.string(), z.unknown()).nullish(), createdAt: z.number() })
  .transform((e): JobEvent => ({ name: e.name, data: e.data ?? null, created_at: e.createdAt }));

const checkpoint = z
  .object({
    stepNumber: z.number(),
    createdAt: z.number(),
    metrics: z.object({ trainLoss: num, validLoss: num, validMeanTokenAccuracy: num }),
  })
  .transform(
    (c): Checkpoint => ({
      step_number: c.stepNumber,
      created_at: c.createdAt,
      metrics: {
        train_loss: c.metrics.trainLoss ?? null,
        valid_loss: c.metrics.validLoss ?? null,
        valid_mean_token_accuracy: c.metrics.validMeanTokenAccuracy ?? null,
      },
    }),
  );

export const jobDetailsSchema = baseJob
  .extend({ events: z.array(event).optional(), checkpoints: z.array(checkpoint).optional() })
  .transform(
    (j): JobDetails => ({
      ...toJob(j),
      // The docs list both newest first; we keep one order everywhere: oldest first.
      events: [...(j.events ?? [])].sort((a, b) => a.created_at - b.created_at),
      checkpoints: [...(j.checkpoints ?? [])].sort((a, b) => a.step_number - b.step_number),
    }),
  );

export const fileSchema = z
  .object({
    id: z.string(),
    filename: z.string(),
    sizeBytes: z.number(),
    numLines: num,
    purpose: z.string(),
    createdAt: z.number(),
  })
  .transform(
    (f): FileInfo => ({
      id: f.id,
      filename: f.filename,
      bytes: f.sizeBytes,
      num_lines: f.numLines ?? null,
      purpose: f.purpose,
      created_at: f.createdAt,
    }),
  );

export const modelSchema = z
  .object({
    id: z.string(),
    type: z.enum(['base', 'fine-tuned']),
    capabilities: z.object({ fineTuning: z.boolean().optional() }).optional(),
    job: str,
    root: str,
  })
  .transform(
    (m): ModelInfo => ({
      id: m.id,
      type: m.type,
      fine_tunable: m.type === 'base' && m.capabilities?.fineTuning === true,
      job: m.job ?? null,
      root: m.root ?? null,
    }),
  );

/** The dry-run answer is read over raw HTTP (no SDK exposes `dry_run`), so it is snake_case already. */
export const estimateSchema = z.object({
  expected_duration_seconds: num,
  cost: num,
  cost_currency: str,
  train_tokens_per_step: num,
  train_tokens: num,
  data_tokens: num,
  estimated_start_time: num,
  epochs: num,
  training_steps: num,
  details: str,
});
