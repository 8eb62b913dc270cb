import { describe, expect, it } from 'vitest';
import type { ActiveWarning } from '../../src/domain/warning.js';
import { WARNING_KINDS } from '../../src/domain/warning.js';
import { buildWarningCleared, buildWarningReply } from '../../src/views/watch-warning.js';
import { checkMessage, visibleText } from '../helpers/block-kit.js';
import { makeContext, makeDetails, NOW } from './fixtures.js';

const cp = (step: number, valid: number) => ({
  step_number: step,
  created_at: NOW,
  metrics: { train_loss: 1, valid_loss: valid },
});

const warnings: ActiveWarning[] = [
  {
    kind: 'queued',
    episode: 'e',
    status: 'QUEUED',
    sinceMs: (NOW - 47 * 60) * 1000,
    estimatedStart: NOW - 600,
  },
  { kind: 'stalled', episode: 'e', sinceMs: (NOW - 35 * 60) * 1000 },
  { kind: 'overfitting', episode: 'e', last: [cp(30, 1.02), cp(40, 1.1), cp(50, 1.21)], best: cp(20, 0.98) },
  { kind: 'cost', episode: 'e', cost: 62.4, currency: 'USD', threshold: { amount: 50, currency: 'USD' } },
];

describe('early-warning replies', () => {
  const job = makeDetails({
    status: 'RUNNING',
    hyperparameters: { training_steps: 100 },
    checkpoints: [cp(40, 1)],
  });

  it.each(warnings)('$kind: passes the Block Kit checks, sandbox or not, and says what happened', (w) => {
    for (const sandbox of [true, false]) {
      expect(checkMessage(buildWarningReply(makeContext({ sandbox }), job, w))).toEqual([]);
    }
    const text = visibleText(buildWarningReply(makeContext(), job, w));
    const expected = {
      queued: 'has been QUEUED for 47 min.',
      stalled: 'No new step or checkpoint for 35 min while training (at step 40/100).',
      overfitting: '(1.02 → 1.1 → 1.21) while training loss fell. Lowest validation loss 0.98 at step 20.',
      cost: 'reports 62.40 USD for this job, above the 50.00 USD threshold.',
    }[w.kind];
    expect(text).toContain(expected);
  });

  it('names the start time the provider estimated as a Slack date token', () => {
    const reply = buildWarningReply(makeContext(), job, warnings[0] as ActiveWarning);
    expect(JSON.stringify(reply.blocks)).toContain(`Mistral estimated it would start <!date^${NOW - 600}^`);
  });

  it.each(WARNING_KINDS)('%s cleared: passes the Block Kit checks', (kind) => {
    expect(checkMessage(buildWarningCleared(makeContext({ sandbox: true }), job, kind))).toEqual([]);
    expect(visibleText(buildWarningCleared(makeContext(), job, kind))).toContain('✅');
  });

  it('escapes what the provider says: a status or a label cannot ping the channel', () => {
    const w: ActiveWarning = { kind: 'queued', episode: 'e', status: '<!channel>', sinceMs: NOW * 1000 };
    const reply = buildWarningReply(makeContext({ backendLabel: '<!here>' }), job, w);
    expect(JSON.stringify(reply.blocks)).not.toMatch(/<!channel>|<!here>/);
    const cost: ActiveWarning = { ...(warnings[3] as ActiveWarning & { kind: 'cost' }) };
    expect(
      JSON.stringify(buildWarningReply(makeContext({ backendLabel: '<!here>' }), job, cost).blocks),
    ).not.toContain('<!here>');
  });
});
