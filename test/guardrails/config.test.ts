import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';

const minimal = { SLACK_BOT_TOKEN: 'xoxb-1-abc', SLACK_SIGNING_SECRET: 'shh-secret' };

describe('approval settings', () => {
  it('are off unless both FINETUNE_APPROVAL_OVER and FINETUNE_APPROVERS are set', () => {
    const r = parseConfig(minimal);
    expect(r.ok && r.config.approval).toBeUndefined();
  });

  it('read the amount with its currency, the approvers and the expiry (24 h by default)', () => {
    const r = parseConfig({
      ...minimal,
      FINETUNE_APPROVAL_OVER: '€50,5',
      FINETUNE_APPROVERS: 'U0LEAD, S0FINANCE',
    });
    expect(r.ok && r.config.approval).toEqual({
      over: { amount: 50.5, currency: 'EUR' },
      approvers: ['U0LEAD', 'S0FINANCE'],
      expiresMs: 24 * 3600_000,
    });
    const hours = parseConfig({
      ...minimal,
      FINETUNE_APPROVAL_OVER: '50 USD',
      FINETUNE_APPROVERS: 'U0LEAD',
      FINETUNE_APPROVAL_EXPIRES_HOURS: '2',
    });
    expect(hours.ok && hours.config.approval?.expiresMs).toBe(2 * 3600_000);
  });

  it('refuse an amount without a currency, bad ids, and one setting without the other', () => {
    const problems = (env: Record<string, string>) => {
      const r = parseConfig({ ...minimal, ...env });
      return r.ok ? [] : r.problems;
    };
    expect(problems({ FINETUNE_APPROVAL_OVER: '50', FINETUNE_APPROVERS: 'U0LEAD' }).join()).toContain(
      'FINETUNE_APPROVAL_OVER must be an amount with its currency',
    );
    expect(problems({ FINETUNE_APPROVAL_OVER: '50 USD', FINETUNE_APPROVERS: 'lead' }).join()).toContain(
      'FINETUNE_APPROVERS must be Slack user IDs',
    );
    expect(problems({ FINETUNE_APPROVAL_OVER: '50 USD' }).join()).toContain('go together');
    expect(problems({ FINETUNE_APPROVERS: 'U0LEAD' }).join()).toContain('go together');
  });
});
