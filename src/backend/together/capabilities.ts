import type { BackendCapabilities } from '../capabilities.js';

const UUID_BODY = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/**
 * Together's fine-tuning contract (together-openapi.yaml @090263aa, SDK together-ai 0.52.0).
 * Real ids are `ft-<uuid>` and `file-<uuid>`; the spec declares a bare uuid, which Prism serves,
 * so both are accepted.
 */
export const TOGETHER_CAPABILITIES: BackendCapabilities = {
  provider: 'together',
  // Jobs start on create; the bot holds drafts until Start.
  startGate: false,
  estimate: 'price',
  listPaging: 'all',
  // GET /fine-tunes takes no filters: the adapter filters the whole list itself.
  listFilters: false,
  // The job, its events, its metrics and its checkpoints.
  detailRequests: 4,
  // Built from GET /fine-tunes/{id}/metrics (train/loss, eval/loss by train/global_step).
  checkpointMetrics: true,
  jobTypes: ['completion'],
  maxTrainingFiles: 1,
  maxValidationFiles: 1,
  hyperparameters: {
    // Per-model bounds come from /fine-tunes/models/limits; these are the spec's general ones.
    learning_rate: { min: 0, exclusiveMin: true, max: 1 },
    epochs: { integer: true, min: 1 },
    warmup_fraction: { min: 0, max: 1 },
    weight_decay: { min: 0 },
    seq_len: { integer: true, min: 1 },
  },
  defaultLearningRate: 1e-5,
  needsStepsOrEpochs: false,
  suffixMaxLength: 64,
  wandb: {
    perJobKey: true,
    keyPattern: /^\S+$/,
    keyRule: 'The W&B API key must not be empty.',
    runUrl: true,
  },
  jobIdPattern: new RegExp(`^(ft-)?${UUID_BODY}$`, 'i'),
  jobIdAlphabet: /^[0-9a-ft-]+$/i,
  fileIdPattern: new RegExp(`^(file-)?${UUID_BODY}$`, 'i'),
  // The job page Together's own CLI prints (`https://api.together.ai/fine-tuning/<id>`, together
  // lib/cli fine_tuning create); api.together.xyz is the host before the 2026-04 move.
  consoleUrls: [
    new RegExp(
      `^https?://(?:api\\.)?together\\.(?:ai|xyz)(?::\\d+)?/fine-tuning/(?<id>(?:ft-)?${UUID_BODY})(?![0-9a-f-])`,
      'i',
    ),
  ],
};
