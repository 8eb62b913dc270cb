import type { JobType } from '../domain/job.js';

/**
 * The base-model catalogue. Fine-tunable ids and job types come from Mistral's fine-tuning docs
 * (Mistral's fine-tuning docs); prices are USD per million trained tokens, a rough stand-in for the real
 * price list, enough for the bot's cost estimate to look plausible.
 */
export interface BaseModel {
  id: string;
  name: string;
  description: string;
  jobTypes: readonly JobType[];
  pricePerMTokens: number;
  maxContextLength: number;
  vision?: boolean;
  /** Set for the few models that cannot be fine-tuned, so the bot can show them greyed out. */
  notFineTunable?: boolean;
}

export const BASE_MODELS: readonly BaseModel[] = [
  m('open-mistral-7b', 'Mistral 7B', ['completion'], 1, 32768),
  m('mistral-small-latest', 'Mistral Small', ['completion'], 3, 32768),
  m('codestral-latest', 'Codestral', ['completion'], 3, 32768),
  m('open-mistral-nemo', 'Mistral Nemo', ['completion'], 3, 131072),
  m('mistral-large-latest', 'Mistral Large', ['completion'], 9, 131072),
  m('ministral-8b-latest', 'Ministral 8B', ['completion'], 1, 131072),
  m('ministral-3b-latest', 'Ministral 3B', ['completion', 'classifier'], 1, 131072),
  { ...m('pixtral-12b-latest', 'Pixtral 12B', ['completion'], 3, 131072), vision: true },
  { ...m('mistral-embed', 'Mistral Embed', [], 0, 8192), notFineTunable: true },
  { ...m('mistral-medium-latest', 'Mistral Medium', [], 0, 131072), notFineTunable: true },
];

function m(id: string, name: string, jobTypes: JobType[], price: number, ctx: number): BaseModel {
  return {
    id,
    name,
    description: `${name} (sandbox)`,
    jobTypes,
    pricePerMTokens: price,
    maxContextLength: ctx,
  };
}

export function findBaseModel(id: string): BaseModel | undefined {
  return BASE_MODELS.find((b) => b.id === id);
}

export function canFineTune(modelId: string, jobType: JobType): boolean {
  return findBaseModel(modelId)?.jobTypes.includes(jobType) ?? false;
}
