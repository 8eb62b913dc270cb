import type { SandboxDialect } from '../dialects.js';
import { openaiError } from './errors.js';
import { openaiFileRoutes } from './routes-files.js';
import { openaiJobRoutes } from './routes-jobs.js';
import { openaiModelRoutes } from './routes-models.js';

/**
 * OpenAI's fine-tuning wire format (openai-finetuning-openapi.yaml) over the one engine. The SDK's
 * baseURL is `${sandbox.url}/v1`. No start route: jobs are created with auto_start and run.
 */
export const openaiDialect: SandboxDialect = {
  name: 'openai',
  label: 'OpenAI-compatible sandbox',
  routes: (store, faults) => [
    ...openaiJobRoutes(store, faults),
    ...openaiFileRoutes(store),
    ...openaiModelRoutes(store),
  ],
  isJobsPath: (p) => p.startsWith('/v1/fine_tuning/jobs'),
  error: openaiError,
};
