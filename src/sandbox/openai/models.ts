import { BASE_MODELS } from '../models.js';

/** OpenAI's and Azure's fine-tunable bases (providers.md §2, §3.1), beside the engine's Mistral catalogue. */
const FINE_TUNABLE = [
  'gpt-4o-mini-2024-07-18',
  'gpt-4.1-mini-2025-04-14',
  'gpt-4.1-nano-2025-04-14',
  'Ministral-3B',
];
/** Listed but not fine-tunable, as a real model list mixes them in. */
const OTHERS = ['text-embedding-3-small', 'whisper-1'];

/** The catalogue's release date, only so `created` is a plausible fixed timestamp. */
export const BASE_CREATED = 1717200000;

export function canFineTuneHere(model: string): boolean {
  return (
    FINE_TUNABLE.includes(model) ||
    BASE_MODELS.some((b) => b.id === model && b.jobTypes.includes('completion'))
  );
}

export function baseModelCards(): Array<Record<string, unknown>> {
  const card = (id: string, owner: string) => ({
    id,
    object: 'model',
    created: BASE_CREATED,
    owned_by: owner,
  });
  return [
    ...FINE_TUNABLE.map((id) => card(id, id === 'Ministral-3B' ? 'mistralai' : 'system')),
    ...OTHERS.map((id) => card(id, 'system')),
    ...BASE_MODELS.map((b) => card(b.id, 'mistralai')),
  ];
}
