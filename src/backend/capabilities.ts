import type { HyperparameterKey, JobType } from '../domain/job.js';

export type ProviderId = 'mistral' | 'together' | 'openai';

/** Inclusive bounds unless `exclusiveMin`; `integer` for whole numbers. */
export interface NumberBound {
  min?: number;
  max?: number;
  exclusiveMin?: boolean;
  integer?: boolean;
}

/**
 * What a provider can do, declared by its adapter; the form, the cards, the poller and the
 * resolver follow it instead of assuming Mistral.
 */
export interface BackendCapabilities {
  provider: ProviderId;
  /**
   * The provider itself holds a validated job until a start (`auto_start: false` → VALIDATED →
   * start): Mistral only. Elsewhere the bot holds a draft and creates the job at Start.
   */
  startGate: boolean;
  /** How the estimate before a start is made: a dry run, a price route, or tokens counted from the file. */
  estimate: 'dry_run' | 'price' | 'tokens';
  /** How the job list pages: offset pages with a total (Mistral), a cursor (OpenAI), or all at once (Together). */
  listPaging: 'offset_total' | 'cursor' | 'all';
  /** The list can be filtered by status, model, suffix and W&B project on the provider's side. */
  listFilters: boolean;
  /** Provider requests one `getJob` makes (the job, its events, checkpoints…): what a GET costs the poller. */
  detailRequests: number;
  /** Checkpoints come with loss metrics. */
  checkpointMetrics: boolean;
  jobTypes: readonly JobType[];
  maxTrainingFiles: number;
  maxValidationFiles: number;
  /** The hyperparameters the provider takes, with its bounds; others are not offered. */
  hyperparameters: Readonly<Partial<Record<HyperparameterKey, NumberBound>>>;
  /** Shown in the form when the user leaves the learning rate empty; the providers differ tenfold. */
  defaultLearningRate?: number;
  /** Either steps or epochs must be set (Mistral); else epochs alone, or the provider's default. */
  needsStepsOrEpochs: boolean;
  suffixMaxLength: number;
  wandb: {
    /** The W&B API key travels with each job (Mistral, Together) or is not taken at all. */
    perJobKey: boolean;
    /** A key the provider accepts, and the sentence saying so when it does not. */
    keyPattern?: RegExp;
    keyRule?: string;
    /**
     * When the rule is an exact length: the form then says how many characters were pasted and
     * recognises a key of another W&B format, instead of repeating `keyRule`.
     */
    keyLength?: number;
    /** The provider sends the run's URL back. */
    runUrl: boolean;
  };
  /** What a full job id looks like (typed references shorter than this are prefixes). */
  jobIdPattern: RegExp;
  /** Characters a job id is made of: anything else typed is not a job id. */
  jobIdAlphabet: RegExp;
  /** What a file id looks like (the form refuses anything else). */
  fileIdPattern: RegExp;
  /**
   * The provider's web-console pages of one job: each pattern matches a whole URL and captures the
   * job id as the group `id`. A pasted link that matches unfurls into a compact card, and the message
   * shortcut finds it in a message; each host must be in `manifest.yml`'s `unfurl_domains`.
   */
  consoleUrls: readonly RegExp[];
}

/** A UUID inside a larger pattern (no anchors). */
export const UUID_SOURCE = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Mistral's documented contract (SDK 2.4.0, the last with fine-tuning). */
export const MISTRAL_CAPABILITIES: BackendCapabilities = {
  provider: 'mistral',
  startGate: true,
  estimate: 'dry_run',
  listPaging: 'offset_total',
  listFilters: true,
  detailRequests: 1,
  checkpointMetrics: true,
  jobTypes: ['completion', 'classifier'],
  maxTrainingFiles: 100,
  maxValidationFiles: 100,
  hyperparameters: {
    training_steps: { integer: true, min: 1 },
    learning_rate: { min: 1e-8, max: 1 },
    weight_decay: { min: 0, max: 1 },
    warmup_fraction: { min: 0, max: 1 },
    epochs: { min: 0, exclusiveMin: true },
    seq_len: { integer: true, min: 100 },
  },
  defaultLearningRate: 1e-4,
  needsStepsOrEpochs: true,
  suffixMaxLength: 18,
  wandb: {
    perJobKey: true,
    keyPattern: /^\S{40}$/,
    keyRule: 'Mistral accepts only 40-character W&B API keys.',
    keyLength: 40,
    runUrl: false,
  },
  jobIdPattern: UUID,
  jobIdAlphabet: /^[0-9a-f-]+$/i,
  fileIdPattern: UUID,
  // La Plateforme lists jobs under /build/finetuned-models; the exact path of one job's page is not
  // documented (UNCONFIRMED), so any console page whose path holds a job UUID is taken as that job's.
  consoleUrls: [
    new RegExp(
      `^https?://console\\.mistral\\.ai(?::\\d+)?/[^?#]*?\\b(?<id>${UUID_SOURCE})(?![0-9a-f-])`,
      'i',
    ),
  ],
};
