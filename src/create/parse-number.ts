/**
 * Numbers as people type them: `1e-4`, ` 0.0001 `, `.5`, `+3`. Anything else (`1,5`, `0x10`, `1e`,
 * `Infinity`, `5 steps`) is refused with a reason instead of becoming NaN or a surprise:
 * `Number('0x10')` is 16 and `Number('')` is 0, which is why `Number` alone is not used.
 */
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export type NumberParse = { ok: true; value: number } | { ok: false; problem: string };

export function parseDecimal(raw: string, opts: { integer?: boolean } = {}): NumberParse {
  const s = raw.trim();
  if (/^\d+,\d+$/.test(s)) {
    return { ok: false, problem: `"${s}" has a comma: use a dot for decimals, e.g. ${s.replace(',', '.')}.` };
  }
  if (!DECIMAL.test(s)) {
    return {
      ok: false,
      problem: opts.integer ? 'Enter a whole number, e.g. 100.' : 'Enter a number, e.g. 0.0001 or 1e-4.',
    };
  }
  const value = Number(s);
  if (!Number.isFinite(value)) return { ok: false, problem: 'This number is too large.' };
  if (opts.integer && !Number.isInteger(value))
    return { ok: false, problem: 'Enter a whole number, e.g. 100.' };
  return { ok: true, value };
}
