import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAmount } from '../../src/domain/money.js';

/** Amounts typed by hand, as an approver, an operator or a deployer writes them. */
const cents = fc.integer({ min: 0, max: 99_999_999 });
const whole = (c: number) => Math.floor(c / 100);
const frac = (c: number) => String(c % 100).padStart(2, '0');
const value = (c: number) => c / 100;

describe('typed amounts', () => {
  it('a bare number has no currency: `50`', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999 }), (n) => {
        expect(parseAmount(String(n))).toEqual({ ok: true, amount: n });
      }),
    );
  });

  it('a number and a code, either order, any case: `50 USD`, `usd 50`', () => {
    fc.assert(
      fc.property(cents, fc.constantFrom('USD', 'eur', 'Gbp', 'CHF'), fc.boolean(), (c, code, before) => {
        const n = `${whole(c)}.${frac(c)}`;
        const typed = before ? `${code} ${n}` : `${n} ${code}`;
        expect(parseAmount(typed)).toEqual({ ok: true, amount: value(c), currency: code.toUpperCase() });
      }),
    );
  });

  it('a symbol before or after: `€50`, `$ 50`, `50£`', () => {
    const symbols = { '€': 'EUR', $: 'USD', '£': 'GBP' } as const;
    fc.assert(
      fc.property(cents, fc.constantFrom('€', '$', '£'), fc.boolean(), (c, s, before) => {
        const n = `${whole(c)}.${frac(c)}`;
        const typed = before ? `${s}${n}` : `${n}${s}`;
        expect(parseAmount(typed)).toEqual({ ok: true, amount: value(c), currency: symbols[s] });
      }),
    );
  });

  it('a decimal comma: `50,5` is fifty and a half', () => {
    expect(parseAmount('50,5')).toEqual({ ok: true, amount: 50.5 });
    fc.assert(
      fc.property(cents, (c) => {
        expect(parseAmount(`${whole(c)},${frac(c)} EUR`)).toEqual({
          ok: true,
          amount: value(c),
          currency: 'EUR',
        });
      }),
    );
  });

  it('thousands separators of either convention: `1,234.50` and `1.234,50`', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 0, max: 999 }), cents, (k, u, c) => {
        const units = String(u).padStart(3, '0');
        const amount = k * 1000 + u + (c % 100) / 100;
        expect(parseAmount(`${k},${units}.${frac(c)}`)).toEqual({ ok: true, amount });
        expect(parseAmount(`${k}.${units},${frac(c)}`)).toEqual({ ok: true, amount });
      }),
    );
  });

  it('never throws, and refuses what is not one amount in one currency', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const r = parseAmount(s);
        if (r.ok) expect(r.amount).toBeGreaterThanOrEqual(0);
        else expect(r.sentence).toMatch(/`50 USD`/);
      }),
    );
    for (const bad of ['', '-5', 'fifty', '€50 USD', '50 USD EUR', '1,2,3', '50..5', '1e9']) {
      expect(parseAmount(bad).ok, bad).toBe(false);
    }
  });
});
