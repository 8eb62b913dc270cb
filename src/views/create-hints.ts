import { type BackendCapabilities, MISTRAL_CAPABILITIES, type NumberBound } from '../backend/capabilities.js';
import type { HyperparameterKey } from '../domain/job.js';
import { FORM_HINT } from './form-messages.js';

const sameBound = (a: NumberBound | undefined, b: NumberBound | undefined) =>
  a !== undefined &&
  b !== undefined &&
  a.min === b.min &&
  a.max === b.max &&
  Boolean(a.exclusiveMin) === Boolean(b.exclusiveMin) &&
  Boolean(a.integer) === Boolean(b.integer);

/** "Whole number, 1 to 20." / "From 0 to 1." / "Above 0.": the bounds alone, in a person's words. */
export function boundHint(b: NumberBound): string {
  const low = b.min === undefined ? undefined : b.exclusiveMin ? `above ${b.min}` : `at least ${b.min}`;
  let range: string | undefined;
  if (b.min !== undefined && b.max !== undefined) {
    range = b.exclusiveMin ? `above ${b.min}, at most ${b.max}` : `${b.min} to ${b.max}`;
  } else if (low !== undefined) range = low;
  else if (b.max !== undefined) range = `at most ${b.max}`;
  if (b.integer) return range ? `Whole number, ${range}.` : 'Whole number.';
  if (!range) return 'A number.';
  const text = b.min !== undefined && b.max !== undefined && !b.exclusiveMin ? `from ${range}` : range;
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/**
 * The hint under a hyperparameter. Mistral's hand-written hints (they also give Mistral's defaults)
 * are used only while its bounds are the ones they were written for, so a changed bound can never
 * leave a hint that lies; any other provider gets the bounds in neutral words.
 */
export function hyperparameterHint(
  key: HyperparameterKey,
  caps: BackendCapabilities,
  backendLabel: string,
): string | undefined {
  const b = caps.hyperparameters[key];
  if (!b) return undefined;
  const both = caps.needsStepsOrEpochs && caps.hyperparameters.training_steps && caps.hyperparameters.epochs;
  const mistral =
    caps.provider === 'mistral' &&
    sameBound(b, MISTRAL_CAPABILITIES.hyperparameters[key]) &&
    (key !== 'learning_rate' || caps.defaultLearningRate === MISTRAL_CAPABILITIES.defaultLearningRate);
  if (mistral) {
    const m = FORM_HINT.mistral;
    switch (key) {
      case 'training_steps':
        return both ? m.trainingSteps : 'A whole number ≥ 1.';
      case 'learning_rate':
        return m.learningRate;
      case 'weight_decay':
        return m.weightDecay(backendLabel);
      case 'warmup_fraction':
        return m.warmupFraction(backendLabel);
      case 'epochs':
        return m.epochs;
      case 'seq_len':
        return m.seqLen;
      default:
        break;
    }
  }
  const parts = [boundHint(b)];
  if (key === 'learning_rate' && caps.defaultLearningRate !== undefined) {
    parts.push(FORM_HINT.defaultLearningRate(caps.defaultLearningRate));
  }
  if (both && (key === 'training_steps' || key === 'epochs')) parts.push(FORM_HINT.stepsOrEpochs);
  return parts.join(' ');
}
