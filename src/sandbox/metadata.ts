import type { HyperparametersOut } from './types.js';

/** Tokens per step when seq_len is unset (Mistral's documented example value). */
export const DEFAULT_TOKENS_PER_STEP = 131072;
/** Seconds of training per step at speed 1; also what `expected_duration_seconds` promises. */
export const SECONDS_PER_STEP = 3;
/** "minimum fee of $4" per job (deprecated fine-tuning docs). */
export const MINIMUM_COST = 4;

export interface JobNumbers {
  training_steps: number;
  epochs: number;
  train_tokens_per_step: number;
  train_tokens: number;
  data_tokens: number;
  expected_duration_seconds: number;
  cost: number;
  cost_currency: 'USD';
}

export function tokensPerStep(seqLen: number | null | undefined): number {
  return seqLen ? seqLen * 16 : DEFAULT_TOKENS_PER_STEP;
}

/**
 * Cost and duration of a job from its real data size. Used for `metadata` once VALIDATED and for
 * dry runs, so both answers agree.
 */
export function computeNumbers(
  dataTokens: number,
  h: Pick<HyperparametersOut, 'training_steps' | 'epochs' | 'seq_len'>,
  pricePerMTokens: number,
): JobNumbers {
  const perStep = tokensPerStep(h.seq_len);
  const steps =
    h.training_steps ?? Math.max(1, Math.ceil(((h.epochs ?? 1) * Math.max(dataTokens, 1)) / perStep));
  const trainTokens = steps * perStep;
  const epochs = h.epochs ?? round((trainTokens / Math.max(dataTokens, 1)) * 1, 4);
  return {
    training_steps: steps,
    epochs,
    train_tokens_per_step: perStep,
    train_tokens: trainTokens,
    data_tokens: dataTokens,
    expected_duration_seconds: steps * SECONDS_PER_STEP,
    cost: round(Math.max(MINIMUM_COST, (trainTokens / 1e6) * pricePerMTokens), 2),
    cost_currency: 'USD',
  };
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
