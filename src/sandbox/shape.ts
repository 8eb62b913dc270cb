import { isObject } from '../data/jsonl.js';
import type { JobRecord, JobShape } from './types.js';

/** Clock milliseconds a shape may add to a job's life: 30 days, more than any test or demo waits. */
const MAX_SHAPE_MS = 30 * 24 * 60 * 60 * 1000;

const isMs = (v: unknown): v is number => typeof v === 'number' && v >= 0 && v <= MAX_SHAPE_MS;

/**
 * Applies a JSON partial from `POST /_sandbox/jobs/{id}/shape` to the job's record; returns the
 * problems, changing nothing if any. `null` removes a part of the shape.
 */
export function patchShape(r: JobRecord, patch: unknown): string[] {
  if (!isObject(patch)) return ['the body must be a JSON object'];
  const errors: string[] = [];
  const next: JobShape = { ...r.shape };
  for (const [key, v] of Object.entries(patch)) {
    if (key === 'holdQueuedMs') {
      if (v === null) delete next.holdQueuedMs;
      else if (isMs(v)) next.holdQueuedMs = v;
      else errors.push(`holdQueuedMs must be null or a number of ms from 0 to ${MAX_SHAPE_MS}`);
    } else if (key === 'stall') {
      if (v === null) delete next.stall;
      else if (isObject(v) && Number.isInteger(v.atStep) && (v.atStep as number) >= 0 && isMs(v.ms))
        next.stall = { atStep: v.atStep as number, ms: v.ms };
      else errors.push('stall must be null or {atStep: a step number, ms: how long it stops}');
    } else if (key === 'overfit') {
      const fraction = (x: unknown): x is number => typeof x === 'number' && x >= 0 && x <= 1;
      if (v === null) delete next.overfit;
      else if (
        isObject(v) &&
        fraction(v.from) &&
        (v.until === undefined || (fraction(v.until) && v.until > v.from))
      )
        next.overfit = v.until === undefined ? { from: v.from } : { from: v.from, until: v.until as number };
      else errors.push('overfit must be null or {from: 0 to 1, until?: after from, up to 1}');
    } else if (key === 'cost') {
      if (v === null) delete next.cost;
      else if (typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1e6) next.cost = v;
      else errors.push('cost must be null or a number of USD from 0 to 1000000');
    } else errors.push(`unknown shape "${key}"`);
  }
  if (errors.length === 0) r.shape = next;
  return errors;
}
