import type { BackendCapabilities } from '../capabilities.js';

/**
 * The OpenAI fine-tuning contract (openai-openapi @f85dbe22), which Azure AI Foundry's `/openai/v1/`
 * API and Nebius Token Factory serve too. Where the three differ, the narrowest is declared.
 */
export const OPENAI_CAPABILITIES: BackendCapabilities = {
  provider: 'openai',
  // Jobs start when they are created: the bot holds a draft until the user presses Start.
  startGate: false,
  // No dry run and no price route: trained tokens ≈ tokens in the file × epochs.
  estimate: 'tokens',
  listPaging: 'cursor',
  // The list takes only `after`, `limit` and `metadata`: status/model/suffix/W&B are filtered locally.
  listFilters: false,
  // The job, its events and its checkpoints.
  detailRequests: 3,
  checkpointMetrics: true,
  jobTypes: ['completion'],
  maxTrainingFiles: 1,
  maxValidationFiles: 1,
  // `learning_rate_multiplier` scales the provider's own default rate, so an absolute learning
  // rate cannot be mapped onto it; batch size has no canonical field. Epochs only.
  hyperparameters: { epochs: { integer: true, min: 1, max: 50 } },
  needsStepsOrEpochs: false,
  // The provider's limit; the product may keep Mistral's 18 for portability.
  suffixMaxLength: 64,
  // The W&B key is registered with the organisation, never sent per job; no run URL comes back.
  wandb: { perJobKey: false, runUrl: false },
  jobIdPattern: /^ftjob-[A-Za-z0-9]{8,}$/,
  jobIdAlphabet: /^[A-Za-z0-9_-]+$/,
  fileIdPattern: /^file-[A-Za-z0-9_-]{8,}$/,
  consoleUrls: [
    // OpenAI's dashboard: https://platform.openai.com/finetune/ftjob-…(?filter=all).
    /^https?:\/\/platform\.openai\.com(?::\d+)?\/finetune\/(?<id>ftjob-[A-Za-z0-9]{8,})(?![A-Za-z0-9])/,
    // Azure AI Foundry pages carry the resource in `?wsid=…`; where the job id sits in a fine-tuning
    // page's URL is UNCONFIRMED, so an ai.azure.com (or older oai.azure.com) URL naming one job id is its.
    /^https?:\/\/o?ai\.azure\.com(?::\d+)?\/[^#]*?\b(?<id>ftjob-[A-Za-z0-9]{8,})(?![A-Za-z0-9])/,
  ],
};
