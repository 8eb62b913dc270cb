import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBudgetArgs } from '../../src/commands/budget.js';
import { budgetKind, type ChannelBudget, monthStartMs, overrunOf, usageOf } from '../../src/domain/budget.js';
import type { JobDetails } from '../../src/domain/job.js';
import { makeDetails } from '../views/fixtures.js';

const job = (status: string, cost: number | null, currency: string | null, over: Partial<JobDetails> = {}) =>
  makeDetails({
    status: status as JobDetails['status'],
    metadata: { cost, cost_currency: currency },
    events: [],
    ...over,
  });

const budget = (...monthly: ChannelBudget['monthly']): ChannelBudget => ({
  channel: 'C1',
  monthly,
  setBy: 'U1',
  setAt: 0,
});

describe('budget arithmetic', () => {
  it('counts ended jobs that trained as spent, live ones as committed, waiting ones not at all', () => {
    expect(budgetKind(job('SUCCESS', 1, 'USD'))).toBe('spent');
    expect(budgetKind(job('RUNNING', 1, 'USD'))).toBe('committed');
    expect(budgetKind(job('QUEUED', 1, 'USD', { auto_start: true }))).toBe('committed');
    expect(budgetKind(job('VALIDATED', 1, 'USD'))).toBeUndefined();
    expect(budgetKind(job('CANCELLED', 1, 'USD'))).toBeUndefined();
    const trained = { events: [{ name: 'status-updated', data: { status: 'RUNNING' }, created_at: 1 }] };
    expect(budgetKind(job('CANCELLED', 1, 'USD', trained))).toBe('spent');
  });

  it('never adds two currencies together, whatever the jobs', () => {
    const currencies = fc.constantFrom('USD', 'EUR', 'GBP');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 10_000 }), currencies), { maxLength: 20 }),
        (costs) => {
          const usage = usageOf(costs.map(([c, cur]) => job('SUCCESS', c / 100, cur)));
          for (const u of usage) {
            const expected = costs.filter(([, cur]) => cur === u.currency).reduce((s, [c]) => s + c / 100, 0);
            expect(u.spent).toBeCloseTo(expected, 6);
          }
          expect(new Set(usage.map((u) => u.currency)).size).toBe(usage.length);
        },
      ),
    );
  });

  it('finds an overrun only against the budget of the same currency', () => {
    const usage = usageOf([job('SUCCESS', 40, 'USD'), job('RUNNING', 5, 'USD'), job('SUCCESS', 1000, 'EUR')]);
    expect(
      overrunOf(budget({ amount: 50, currency: 'USD' }), usage, { amount: 5, currency: 'USD' }),
    ).toBeUndefined();
    expect(
      overrunOf(budget({ amount: 50, currency: 'USD' }), usage, { amount: 5.01, currency: 'usd' }),
    ).toMatchObject({
      usage: { spent: 40, committed: 5 },
    });
    // No EUR budget: EUR spending does not count against the USD one, and an EUR start is not refused.
    expect(
      overrunOf(budget({ amount: 50, currency: 'USD' }), usage, { amount: 1, currency: 'EUR' }),
    ).toBeUndefined();
    expect(overrunOf(budget({ amount: 50, currency: 'USD' }), usage, { currency: 'USD' })).toBeUndefined();
  });

  it('counts from the first of the month, UTC', () => {
    expect(monthStartMs(Date.UTC(2026, 10, 17, 13, 5))).toBe(Date.UTC(2026, 10, 1));
  });
});

describe('/finetune budget arguments', () => {
  it('reads a channel, an amount with its currency and "per month", or off', () => {
    expect(parseBudgetArgs([], 'C0HERE')).toEqual({ kind: 'show', channel: 'C0HERE' });
    expect(parseBudgetArgs(['<#C0TEAM|team>'], 'C0HERE')).toEqual({ kind: 'show', channel: 'C0TEAM' });
    expect(parseBudgetArgs(['50', 'USD', 'per', 'month'], 'C0HERE')).toEqual({
      kind: 'set',
      channel: 'C0HERE',
      amount: 50,
      currency: 'USD',
    });
    expect(parseBudgetArgs(['<#C0TEAM>', '€50,5', 'per', 'month'], 'C0HERE')).toMatchObject({
      amount: 50.5,
      currency: 'EUR',
    });
    expect(parseBudgetArgs(['off'], 'C0HERE')).toEqual({ kind: 'off', channel: 'C0HERE' });
    expect(parseBudgetArgs(['50', 'per', 'month'], 'C0HERE')).toMatchObject({ kind: 'problem' });
    expect(parseBudgetArgs(['50', 'USD'], 'C0HERE')).toMatchObject({ kind: 'problem' });
    expect(parseBudgetArgs(['#team', '50', 'USD', 'per', 'month'], 'C0HERE')).toMatchObject({
      kind: 'problem',
    });
  });
});
