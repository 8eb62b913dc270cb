import type { HttpResult, Route } from './http.js';
import { apiError, detail } from './http.js';
import { openaiDialect } from './openai/dialect.js';
import { fileRoutes } from './routes-files.js';
import { jobRoutes } from './routes-jobs.js';
import { modelRoutes } from './routes-models.js';
import type { SeedProfile } from './seed.js';
import type { SandboxStore } from './store.js';
import { togetherDialect } from './together/dialect.js';
import type { SandboxFaults } from './types.js';

export const SANDBOX_DIALECTS = ['mistral', 'together', 'openai'] as const;
export type SandboxDialectName = (typeof SANDBOX_DIALECTS)[number];

/**
 * One provider's wire format over the sandbox's one lifecycle engine (`store.ts`, `lifecycle.ts`):
 * its routes, which paths are "the fine-tuning routes" (for the 410 fault), and its error body.
 */
export interface SandboxDialect {
  name: SandboxDialectName;
  /** Shown in logs and the app's label, e.g. "Mistral sandbox". */
  label: string;
  routes(store: SandboxStore, faults: SandboxFaults): Route[];
  isJobsPath(pathname: string): boolean;
  /** The provider's error body for a generic failure (429, 503, 401, 404, 410). */
  error(status: number, type: string, message: string, headers?: Record<string, string>): HttpResult;
  /** How the seeded sample jobs fit this provider (its model names, no start gate…). Default: as written. */
  seed?: SeedProfile;
}

export const mistralDialect: SandboxDialect = {
  name: 'mistral',
  label: 'Mistral sandbox',
  routes: (store, faults) => [...jobRoutes(store, faults), ...fileRoutes(store), ...modelRoutes(store)],
  isJobsPath: (p) => p.startsWith('/v1/fine_tuning/jobs'),
  // Mistral answers FastAPI's `detail` for a retired route and its typed error object otherwise.
  error: (status, type, message, headers) =>
    status === 410 ? detail(410, message) : apiError(status, type, message, headers),
};

const DIALECTS: Record<SandboxDialectName, SandboxDialect | undefined> = {
  mistral: mistralDialect,
  together: togetherDialect,
  openai: openaiDialect,
};

export function dialectFor(name: SandboxDialectName = 'mistral'): SandboxDialect {
  const d = DIALECTS[name];
  if (!d) throw new Error(`the sandbox does not speak the ${name} dialect yet`);
  return d;
}
