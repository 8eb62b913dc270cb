/**
 * The Mistral-family models Together lists for LoRA fine-tuning (tg-skills supported-models.md,
 * 2026-06-03). Prices are a stand-in per million trained tokens, enough for plausible estimates.
 */
export const TOGETHER_MODELS = [
  { id: 'mistralai/Mistral-7B-Instruct-v0.2', pricePerMTokens: 0.48 },
  { id: 'mistralai/Mixtral-8x7B-Instruct-v0.1', pricePerMTokens: 1.5 },
] as const;

export function togetherModel(id: string) {
  return TOGETHER_MODELS.find((m) => m.id === id);
}

/** Seeded jobs are written with Mistral's names; on this dialect they run on Together's models. */
export function togetherModelFor(mistralId: string): string {
  const big = /large|small|nemo|codestral/.test(mistralId);
  return (big ? TOGETHER_MODELS[1] : TOGETHER_MODELS[0]).id;
}
