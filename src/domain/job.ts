/**
 * The fine-tuning job as the product sees it. Field names are snake_case on purpose: they mirror
 * `fine-tuning-job.schema.json` and Mistral's wire format, so a job can be checked against the
 * seed schema as is. The SDK's camelCase objects are converted at the backend boundary.
 */

export const JOB_STATUSES = [
  'QUEUED',
  'STARTED',
  'VALIDATING',
  'VALIDATED',
  'RUNNING',
  'FAILED_VALIDATION',
  'FAILED',
  'SUCCESS',
  'CANCELLED',
  'CANCELLATION_REQUESTED',
] as const;

export type KnownJobStatus = (typeof JOB_STATUSES)[number];
/** Mistral's status is an open enum: an unknown string is shown verbatim and treated as non-terminal. */
export type JobStatus = KnownJobStatus | (string & {});

export function isKnownStatus(s: string): s is KnownJobStatus {
  return (JOB_STATUSES as readonly string[]).includes(s);
}

export const JOB_TYPES = ['completion', 'classifier'] as const;
export type JobType = (typeof JOB_TYPES)[number];

export interface Hyperparameters {
  training_steps?: number | null;
  learning_rate?: number | null;
  weight_decay?: number | null;
  warmup_fraction?: number | null;
  epochs?: number | null;
  seq_len?: number | null;
  fim_ratio?: number | null;
}

/**
 * Every hyperparameter by its canonical (snake_case) name, with its camelCase spelling: the one the
 * Mistral SDK uses and the create form's field names. The one place the two spellings meet.
 */
export const HYPERPARAMETER_CAMEL = {
  training_steps: 'trainingSteps',
  learning_rate: 'learningRate',
  weight_decay: 'weightDecay',
  warmup_fraction: 'warmupFraction',
  epochs: 'epochs',
  seq_len: 'seqLen',
  fim_ratio: 'fimRatio',
} as const satisfies Record<keyof Hyperparameters, string>;

export type HyperparameterKey = keyof typeof HYPERPARAMETER_CAMEL;
export type HyperparameterCamel = (typeof HYPERPARAMETER_CAMEL)[HyperparameterKey];
export const HYPERPARAMETER_KEYS = Object.keys(HYPERPARAMETER_CAMEL) as HyperparameterKey[];

/** `{ learning_rate: 1e-4 }` → `{ learningRate: 1e-4 }`; null and absent values are left out. */
export function hyperparametersToCamel(h: Hyperparameters): Partial<Record<HyperparameterCamel, number>> {
  const out: Partial<Record<HyperparameterCamel, number>> = {};
  for (const key of HYPERPARAMETER_KEYS) {
    const v = h[key];
    if (v != null) out[HYPERPARAMETER_CAMEL[key]] = v;
  }
  return out;
}

/** The inverse, for answers in camelCase: every key present, null when absent. */
export function hyperparametersFromCamel(
  h: Partial<Record<HyperparameterCamel, number | null | undefined>>,
): Required<Hyperparameters> {
  const out = {} as Required<Hyperparameters>;
  for (const key of HYPERPARAMETER_KEYS) out[key] = h[HYPERPARAMETER_CAMEL[key]] ?? null;
  return out;
}

export interface WandbIntegration {
  type: 'wandb';
  project: string;
  name?: string | null;
  run_name?: string | null;
  url?: string | null;
}

export interface JobMetadata {
  expected_duration_seconds?: number | null;
  cost?: number | null;
  cost_currency?: string | null;
  train_tokens_per_step?: number | null;
  train_tokens?: number | null;
  data_tokens?: number | null;
  estimated_start_time?: number | null;
}

export interface Job {
  id: string;
  model: string;
  status: JobStatus;
  job_type: JobType;
  auto_start: boolean;
  /** Unix seconds. */
  created_at: number;
  /** Unix seconds. */
  modified_at: number;
  training_files: string[];
  validation_files: string[];
  hyperparameters: Hyperparameters;
  fine_tuned_model: string | null;
  suffix: string | null;
  integrations: WandbIntegration[];
  trained_tokens: number | null;
  metadata: JobMetadata | null;
}

export interface JobEvent {
  name: string;
  data: Record<string, unknown> | null;
  /** Unix seconds. */
  created_at: number;
}

export interface CheckpointMetrics {
  train_loss?: number | null;
  valid_loss?: number | null;
  valid_mean_token_accuracy?: number | null;
}

export interface Checkpoint {
  step_number: number;
  /** Unix seconds. */
  created_at: number;
  metrics: CheckpointMetrics;
}

/** What get/start/cancel return: the job plus its history. Events and checkpoints are sorted oldest first. */
export interface JobDetails extends Job {
  events: JobEvent[];
  checkpoints: Checkpoint[];
  /**
   * For a job the bot held as a draft (providers without a start gate): the provider's own id once
   * it was started. `id` stays the draft's, so the watches and cards made before the start go on.
   */
  provider_job_id?: string;
}

export interface ListJobsQuery {
  /** 0-based. */
  page?: number;
  pageSize?: number;
  model?: string;
  status?: KnownJobStatus;
  suffix?: string;
  wandbProject?: string;
  wandbName?: string;
  createdAfter?: Date;
  createdBefore?: Date;
  createdByMe?: boolean;
}

export interface JobPage {
  jobs: Job[];
  /** How many jobs match in all, when the provider says (Mistral does; a cursor-paged list does not). */
  total: number | null;
  /** Another page follows this one. */
  hasMore: boolean;
  page: number;
  pageSize: number;
}

export interface TrainingFileRef {
  file_id: string;
  /** > 0, default 1. */
  weight?: number;
}

export interface WandbIntegrationInput {
  type: 'wandb';
  project: string;
  name?: string;
  run_name?: string;
  /** Secret: goes into the create request only, never stored, logged or echoed. */
  api_key: string;
}

export interface CreateJobRequest {
  model: string;
  job_type?: JobType;
  training_files: TrainingFileRef[];
  validation_files?: string[];
  hyperparameters: Hyperparameters;
  suffix?: string;
  integrations?: WandbIntegrationInput[];
  auto_start: boolean;
}

/** What a dry run returns: the numbers a user needs before paying for training. */
export interface JobEstimate extends JobMetadata {
  epochs?: number | null;
  training_steps?: number | null;
  details?: string | null;
}

export interface FileInfo {
  id: string;
  filename: string;
  bytes: number;
  num_lines: number | null;
  purpose: string;
  /** Unix seconds. */
  created_at: number;
}

export interface ModelInfo {
  id: string;
  type: 'base' | 'fine-tuned';
  /** True when the model can be the base of a new fine-tuning job. */
  fine_tunable: boolean;
  /** The job that produced it (fine-tuned models only). */
  job?: string | null;
  /** The base model it was trained from (fine-tuned models only). */
  root?: string | null;
}
