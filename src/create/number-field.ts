import { z } from 'zod';
import type { NumberBound } from '../backend/capabilities.js';
import { parseDecimal } from './parse-number.js';

/**
 * Ceiling of every whole-number field: far above any real run, far below 2^53. The Mistral SDK
 * refuses unsafe integers before sending, which reached the user as an unreadable answer.
 */
export const MAX_WHOLE_NUMBER = 1_000_000_000;

export const tooLargeProblem = (max: number) =>
  `This number is too large: enter at most ${max.toLocaleString('en')}.`;

/** "Enter a whole number ≥ 1.", "Enter a number from 0 to 1.", "Enter a number > 0.". */
export function describeBounds(b: NumberBound): string {
  const kind = b.integer ? 'a whole number' : 'a number';
  const { min, max } = b;
  if (min !== undefined && b.exclusiveMin) {
    return max === undefined ? `Enter ${kind} > ${min}.` : `Enter ${kind} > ${min} and ≤ ${max}.`;
  }
  if (min !== undefined && max !== undefined) return `Enter ${kind} from ${min} to ${max}.`;
  if (min !== undefined) return `Enter ${kind} ≥ ${min}.`;
  if (max !== undefined) return `Enter ${kind} ≤ ${max}.`;
  return `Enter ${kind}.`;
}

function outside(b: NumberBound, v: number): boolean {
  if (b.min !== undefined && (b.exclusiveMin ? v <= b.min : v < b.min)) return true;
  return b.max !== undefined && v > b.max;
}

/** An optional numeric text field: empty means "not given"; anything else must parse and fit. */
export function numberField(b: NumberBound) {
  return z
    .string()
    .optional()
    .transform((raw, ctx): number | undefined => {
      if (raw === undefined || raw.trim() === '') return undefined;
      const parsed = parseDecimal(raw, { integer: b.integer });
      if (!parsed.ok) {
        ctx.addIssue({ code: 'custom', message: parsed.problem });
        return z.NEVER;
      }
      const v = parsed.value;
      // A provider's own ceiling is said with its range; past that, whole numbers stop at the app's.
      const ownCeiling = b.max !== undefined && b.max <= MAX_WHOLE_NUMBER;
      if (b.integer && !ownCeiling && v > MAX_WHOLE_NUMBER) {
        ctx.addIssue({ code: 'custom', message: tooLargeProblem(MAX_WHOLE_NUMBER) });
        return z.NEVER;
      }
      if (outside(b, v)) {
        ctx.addIssue({ code: 'custom', message: describeBounds(b) });
        return z.NEVER;
      }
      return v;
    });
}

/** State of a field the form does not show: ignored, never read as a value. */
export const notShown = z.unknown().transform((): undefined => undefined);
