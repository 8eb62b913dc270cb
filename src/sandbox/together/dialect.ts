import type { SandboxDialect } from '../dialects.js';
import { togetherError } from './errors.js';
import { togetherModelFor } from './models.js';
import { togetherFileRoutes } from './routes-files.js';
import { togetherJobRoutes } from './routes-jobs.js';

/** Together's wire format (together-openapi.yaml) over the sandbox's one lifecycle engine. */
export const togetherDialect: SandboxDialect = {
  name: 'together',
  label: 'Together sandbox',
  routes: (store, faults) => [...togetherJobRoutes(store, faults), ...togetherFileRoutes(store)],
  isJobsPath: (p) => p.startsWith('/v1/fine-tunes'),
  error: (status, type, message, headers) => togetherError(status, type, message, headers),
  // No start gate and no classifier on Together: every seeded job is a completion job that started itself.
  seed: { modelFor: togetherModelFor, startGate: false, jobTypes: ['completion'] },
};
