import { type BackendCapabilities, MISTRAL_CAPABILITIES } from '../../src/backend/capabilities.js';

/**
 * Capabilities of providers other than Mistral, written here (not imported from their adapters) so
 * the create form is tested against rules that differ from Mistral's on every point it follows.
 */

/** Together-like: one training file, no training_steps, whole epochs 1..20, any W&B key per job. */
export const TOGETHER_LIKE: BackendCapabilities = {
  ...MISTRAL_CAPABILITIES,
  provider: 'together',
  startGate: false,
  estimate: 'price',
  listPaging: 'all',
  listFilters: false,
  detailRequests: 1,
  checkpointMetrics: false,
  jobTypes: ['completion'],
  maxTrainingFiles: 1,
  maxValidationFiles: 1,
  hyperparameters: {
    learning_rate: { min: 1e-7, max: 1e-2 },
    epochs: { integer: true, min: 1, max: 20 },
  },
  defaultLearningRate: 1e-5,
  needsStepsOrEpochs: false,
  suffixMaxLength: 40,
  wandb: { perJobKey: true, runUrl: true },
  jobIdPattern: /^ft-[0-9a-f-]+$/,
  jobIdAlphabet: /^[a-z0-9-]+$/,
  fileIdPattern: /^file-[0-9a-f-]+$/,
};

/** OpenAI-like: epochs only, no learning rate to default, W&B set up on the account (no key per job). */
export const OPENAI_LIKE: BackendCapabilities = {
  ...MISTRAL_CAPABILITIES,
  provider: 'openai',
  startGate: false,
  estimate: 'tokens',
  listPaging: 'cursor',
  listFilters: false,
  detailRequests: 1,
  checkpointMetrics: true,
  jobTypes: ['completion'],
  maxTrainingFiles: 1,
  maxValidationFiles: 1,
  hyperparameters: { epochs: { integer: true, min: 1, max: 50 } },
  defaultLearningRate: undefined,
  needsStepsOrEpochs: false,
  // Shorter than the product's 18, so the form's limit is the provider's.
  suffixMaxLength: 12,
  wandb: { perJobKey: false, runUrl: true },
  jobIdPattern: /^ftjob-[A-Za-z0-9]+$/,
  jobIdAlphabet: /^[A-Za-z0-9-]+$/,
  fileIdPattern: /^file-[A-Za-z0-9]+$/,
};

export const TOGETHER_FILE = 'file-0a1b2c3d-0000-4000-8000-000000000001';
export const OPENAI_FILE = 'file-abc123DEF456';
