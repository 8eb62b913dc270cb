import type { JobType } from '../domain/job.js';
import type { SandboxDialectName } from './dialects.js';

/** Public options of `startSandbox`. */
export interface SandboxOptions {
  /** Default 0: an ephemeral port. */
  port?: number;
  /** Default 127.0.0.1: the sandbox is never meant to be reachable from the network. */
  host?: string;
  /** Lifecycle speed factor: every duration is divided by it. Default 1; tests use 100–1000. */
  speed?: number;
  /** Injectable clock in ms. Default Date.now. */
  now?: () => number;
  /** Default true: sample files and jobs in every state. */
  seed?: boolean;
  /** When set, requests need `Authorization: Bearer <apiKey>`, else 401. */
  apiKey?: string;
  /** The provider wire format served (one per start). Default `mistral`. */
  dialect?: SandboxDialectName;
  /**
   * At most this many jobs train at once, as providers cap concurrent jobs per organisation; a job
   * ready to start waits (VALIDATED: OpenAI and Together `queued`) for a free slot, first come first
   * served. Default: no cap.
   */
  maxRunning?: number;
}

export interface SandboxFaults {
  /** Added before every /v1 answer. */
  latencyMs: number;
  /** 0..1 probability of a 503 server_error. */
  errorRate: number;
  /** Answer 429 + Retry-After; `remaining` requests are refused, then it clears (undefined = until changed). */
  rateLimit: null | { retryAfterSeconds: number; remaining?: number };
  /** Every /v1/fine_tuning/jobs* route answers 410, as the real API has since July 2026. */
  gone: boolean;
  /** GET/start/cancel of these job ids answer 503. */
  failingJobs: string[];
  /**
   * GET/start/cancel of these job ids answer only after `latencyMs` more (on top of the latency
   * above): longer than the client's request timeout, those jobs time out while the others answer.
   */
  slowJobs: null | { ids: string[]; latencyMs: number };
}

/** Request counts by route key (`'GET /v1/fine_tuning/jobs/{id}'`), plus `total`. */
export type SandboxStats = { total: number } & Record<string, number>;

export interface Sandbox {
  /** `http://127.0.0.1:PORT`, without `/v1`: the Mistral SDK appends `/v1/...` itself. */
  url: string;
  dialect: SandboxDialectName;
  /** e.g. "Mistral sandbox", "Together sandbox". */
  label: string;
  port: number;
  faults: SandboxFaults;
  stats(): SandboxStats;
  resetStats(): void;
  /** Benchmark and test load; `idPrefix` makes every id start with those hex digits. */
  addSyntheticJobs(opts: { count: number; active: number; model?: string; idPrefix?: string }): string[];
  removeJob(id: string): void;
  /** Shapes a job's life (a long queue, a stall, overfitting); the problems, empty when applied. */
  shapeJob(id: string, shape: JobShape): string[];
  close(): Promise<void>;
}

export type FilePurpose = 'fine-tune' | 'batch' | 'ocr';
export type SampleType = 'pretrain' | 'instruct' | 'batch_request' | 'batch_result' | 'batch_error';

export interface FileRecord {
  id: string;
  filename: string;
  purpose: FilePurpose;
  content: Uint8Array;
  numLines: number;
  sampleType: SampleType;
  source: 'upload' | 'repository' | 'mistral';
  mimetype: string | null;
  signature: string;
  visibility: 'workspace' | 'user';
  expiresAt: number | null;
  createdAtMs: number;
}

/** Hyperparameters as echoed back on the job (output shape: defaults filled in). */
export interface HyperparametersOut {
  training_steps: number | null;
  learning_rate: number;
  weight_decay: number | null;
  warmup_fraction: number | null;
  epochs: number | null;
  seq_len: number | null;
  fim_ratio?: number | null;
}

export interface WandbOut {
  type: 'wandb';
  project: string;
  name: string | null;
  run_name: string | null;
}

export interface ClassifierTargetOut {
  name: string;
  labels: string[];
  weight: number;
  loss_function: 'single_class' | 'multi_class';
}

/** What data validation found, decided when the job reaches the end of VALIDATING. */
export type DataCheck = { ok: true; dataTokens: number } | { ok: false; error: string };

/**
 * A job as stored. Only user actions (start, cancel) mutate it; the status and history are derived
 * from these fields and the clock by `deriveJob`, so thousands of jobs cost nothing between reads.
 */
export interface JobRecord {
  id: string;
  seq: number;
  model: string;
  jobType: JobType;
  autoStart: boolean;
  createdAtMs: number;
  trainingFiles: string[];
  validationFiles: string[];
  hyperparameters: HyperparametersOut;
  suffix: string | null;
  integrations: WandbOut[];
  classifierTargets: ClassifierTargetOut[];
  /** True for jobs created through the API (the `created_by_me` filter); false for seeded ones. */
  createdByMe: boolean;
  dataCheck: DataCheck;
  pricePerMTokens: number;
  startRequestedAtMs?: number;
  cancelRequestedAtMs?: number;
  /** Seeded FAILED jobs break at this step, to show what a training crash looks like. */
  failAtStep?: number;
  /**
   * Set by the store under `maxRunning` (capacity.ts), never by a request: when a training slot
   * frees for this job, if later than it is ready; it waits `queued` until then.
   */
  slotAtMs?: number;
  /** Set through `POST /_sandbox/jobs/{id}/shape` (shape.ts): a life that needs watching. */
  shape?: JobShape;
}

/**
 * What a test or a demo makes of a job's life, so the bot's early warnings have something to see.
 * Durations are clock milliseconds (not divided by the sandbox speed).
 */
export interface JobShape {
  /** The job waits this much longer in QUEUED. */
  holdQueuedMs?: number;
  /** Training stops after step `atStep` for `ms`, then goes on (no step, no checkpoint meanwhile). */
  stall?: { atStep: number; ms: number };
  /**
   * From this fraction of the steps (0–1) validation loss climbs while training loss keeps falling;
   * after `until` (when set) it falls back, as when a learning-rate schedule recovers.
   */
  overfit?: { from: number; until?: number };
  /** The cost the job reports (USD) instead of its estimate, as when a provider revises a price. */
  cost?: number;
}
