/**
 * Numbers as people type them: `1e-4`, ` 0.0001 `, `.5`, `+3`. Anything else (`1,5`, `0x10`, `1e`,
 * `Infinity`, `5 steps`) is refused with a reason instead of becoming NaN or a surprise:
 * `Number('0x10')` is 16 and `Number('')` is 0, which is why `Number` alone is not used.
 */
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export type NumberParse = { ok: true; value: number } | { ok: false; problem: string };

export const WHOLE_NUMBER_PROBLEM = 'Enter a whole number, e.g. 100.';

/** A comma in an integer field is a thousands separator or a decimal: neither belongs there. */
const wholeWithComma = (s: string) =>
  `"${s}" has a comma: this field takes a whole number, digits only, e.g. 100.`;

export function parseDecimal(raw: string, opts: { integer?: boolean } = {}): NumberParse {
  const s = raw.trim();
  if (/^\d+,\d+$/.test(s)) {
    return {
      ok: false,
      problem: opts.integer
        ? wholeWithComma(s)
        : `"${s}" has a comma: use a dot for decimals, e.g. ${s.replace(',', '.')}.`,
    };
  }
  if (!DECIMAL.test(s)) {
    return {
      ok: false,
      problem: opts.integer ? WHOLE_NUMBER_PROBLEM : 'Enter a number, e.g. 0.0001 or 1e-4.',
    };
  }
  const value = Number(s);
  if (!Number.isFinite(value)) return { ok: false, problem: 'This number is too large.' };
  if (opts.integer && !Number.isInteger(value)) return { ok: false, problem: WHOLE_NUMBER_PROBLEM };
  return { ok: true, value };
}
