/** An amount in one currency. Amounts in different currencies are never added or compared. */
export interface Money {
  amount: number;
  /** ISO 4217 code, upper case, e.g. USD. */
  currency: string;
}

export type ParsedAmount = { ok: true; amount: number; currency?: string } | { ok: false; sentence: string };

/** The symbols people type; anything else is written as its three-letter code. */
const SYMBOLS: Record<string, string> = { $: 'USD', '€': 'EUR', '£': 'GBP', '¥': 'JPY' };
const MAX_AMOUNT = 1_000_000_000;

const SHAPE = /^(?:([A-Za-z]{3})\s+|([$€£¥])\s*)?(\d[\d.,]*)\s*(?:([A-Za-z]{3})|([$€£¥]))?$/;

export const AMOUNT_HELP = 'Write an amount like `50 USD`, `€50` or `50,5 EUR`.';

/**
 * The number as typed: a lone `,` or `.` followed by one or two digits is the decimal mark (`50,5`,
 * `50.25`); groups of three after `,` or `.` are thousands (`1,000`, `1.000.000`); with both marks,
 * the last one is the decimal mark (`1,234.5`, `1.234,5`).
 */
function numberOf(typed: string): number | undefined {
  const marks = typed.replace(/\d/g, '');
  let digits: string;
  if (marks === '') digits = typed;
  else if (/^[,.]$/.test(marks) && /[,.]\d{1,2}$/.test(typed)) digits = typed.replace(/[,.]/, '.');
  else if (/^(,+|\.+)$/.test(marks) && /^\d{1,3}([,.]\d{3})+$/.test(typed))
    digits = typed.replace(/[,.]/g, '');
  else {
    const last = Math.max(typed.lastIndexOf(','), typed.lastIndexOf('.'));
    const decimal = typed[last];
    const whole = typed.slice(0, last);
    const thousands = decimal === ',' ? '.' : ',';
    const grouped = new RegExp(`^\\d{1,3}(\\${thousands}\\d{3})*$`);
    if (!grouped.test(whole) || !/^\d{1,2}$/.test(typed.slice(last + 1))) return undefined;
    digits = `${whole.split(thousands).join('')}.${typed.slice(last + 1)}`;
  }
  const n = Number(digits);
  return Number.isFinite(n) ? n : undefined;
}

/** `50`, `50 USD`, `USD 50`, `€50`, `50€`, `50,5`, `1,000.50 usd`: an amount, with its currency when typed. */
export function parseAmount(text: string): ParsedAmount {
  const m = SHAPE.exec(text.trim());
  if (!m) return { ok: false, sentence: `I could not read an amount there. ${AMOUNT_HELP}` };
  const [, codeBefore, symbolBefore, typed, codeAfter, symbolAfter] = m;
  const named = [codeBefore, symbolBefore, codeAfter, symbolAfter]
    .filter((c): c is string => c !== undefined)
    .map((c) => SYMBOLS[c] ?? c.toUpperCase());
  if (new Set(named).size > 1)
    return { ok: false, sentence: `That amount names two currencies. ${AMOUNT_HELP}` };
  const amount = numberOf(typed ?? '');
  if (amount === undefined) return { ok: false, sentence: `I could not read that number. ${AMOUNT_HELP}` };
  if (amount > MAX_AMOUNT) return { ok: false, sentence: `That amount is too large. ${AMOUNT_HELP}` };
  return named[0] ? { ok: true, amount, currency: named[0] } : { ok: true, amount };
}

/** "50.00 USD": how amounts are written back to users. */
export function formatMoney(m: Money): string {
  return `${m.amount.toFixed(2)} ${m.currency}`;
}
