/**
 * The Mistral sandbox: a Mistral-compatible fine-tuning server the app runs in-process when no
 * MISTRAL_API_KEY is set, so every feature works (and can be demoed and tested) offline.
 */
export { GONE_DETAIL } from './faults.js';
export { startSandbox } from './server.js';
export type { JobShape, Sandbox, SandboxFaults, SandboxOptions, SandboxStats } from './types.js';
