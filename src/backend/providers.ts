import type { FineTuningBackend } from './backend.js';

export interface ProviderBackendOptions {
  name: 'mistral' | 'together' | 'openai';
  apiKey: string;
  /** Mistral: the server URL without /v1; the others: the API root with /v1. */
  baseUrl: string;
  label: string;
  timeoutMs?: number;
}

/**
 * The adapter of the configured provider. Each is imported only when chosen: an SDK is tens of
 * megabytes resident, and a process needs one.
 */
export async function createProviderBackend(o: ProviderBackendOptions): Promise<FineTuningBackend> {
  switch (o.name) {
    case 'mistral': {
      const { createMistralBackend } = await import('./mistral-backend.js');
      return createMistralBackend({
        serverURL: o.baseUrl,
        apiKey: o.apiKey,
        label: o.label,
        timeoutMs: o.timeoutMs,
      });
    }
    case 'openai': {
      const { createOpenAIBackend } = await import('./openai/openai-backend.js');
      return createOpenAIBackend({
        baseURL: o.baseUrl,
        apiKey: o.apiKey,
        label: o.label,
        timeoutMs: o.timeoutMs,
      });
    }
    case 'together': {
      const { createTogetherBackend } = await import('./together/together-backend.js');
      return createTogetherBackend({
        baseURL: o.baseUrl,
        apiKey: o.apiKey,
        label: o.label,
        timeoutMs: o.timeoutMs,
      });
    }
  }
}
