import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';

const minimal = { SLACK_BOT_TOKEN: 'xoxb-1-abc', SLACK_SIGNING_SECRET: 'shh-secret' };

describe('the early warnings configuration (FINETUNE_WARN_*)', () => {
  it('defaults to a 30-minute stall, the provider-derived queue threshold and no cost warning, also from .env.example', () => {
    const fromFile = parseEnv(readFileSync(new URL('../.env.example', import.meta.url), 'utf8'));
    for (const env of [minimal, { ...fromFile, ...minimal }]) {
      const r = parseConfig(env);
      expect(r.ok && r.config.warnings).toEqual({ stalledMinutes: 30 });
    }
  });

  it('reads the minutes and the cost with its currency', () => {
    const r = parseConfig({
      ...minimal,
      FINETUNE_WARN_QUEUED_MINUTES: '45',
      FINETUNE_WARN_STALLED_MINUTES: '10',
      FINETUNE_WARN_COST: '12.5 eur',
    });
    expect(r.ok && r.config.warnings).toEqual({
      queuedMinutes: 45,
      stalledMinutes: 10,
      cost: { amount: 12.5, currency: 'EUR' },
    });
    // Typed as the approval threshold and budgets are: a symbol counts, a bare number does not.
    const usd = parseConfig({ ...minimal, FINETUNE_WARN_COST: '$50' });
    expect(usd.ok && usd.config.warnings?.cost).toEqual({ amount: 50, currency: 'USD' });
    const bare = parseConfig({ ...minimal, FINETUNE_WARN_COST: '50' });
    expect(bare.ok ? [] : bare.problems).toContain(
      'FINETUNE_WARN_COST must be an amount with its currency, e.g. 50 USD',
    );
  });

  it('names each bad value', () => {
    const r = parseConfig({
      ...minimal,
      FINETUNE_WARN_QUEUED_MINUTES: '0',
      FINETUNE_WARN_STALLED_MINUTES: 'soon',
      FINETUNE_WARN_COST: 'fifty dollars',
    });
    expect(r.ok).toBe(false);
    const problems = r.ok ? '' : r.problems.join('\n');
    expect(problems).toContain('FINETUNE_WARN_QUEUED_MINUTES must be at least 1');
    expect(problems).toContain('FINETUNE_WARN_STALLED_MINUTES must be a number of minutes');
    expect(problems).toContain('FINETUNE_WARN_COST must be an amount with its currency, e.g. 50 USD');
  });
});
