import { describe, expect, it } from 'vitest';
import {
  dateToken,
  formatCost,
  formatCount,
  formatDuration,
  formatMetric,
  progressBar,
  progressOf,
  statusEmoji,
  UNKNOWN_STATUS_EMOJI,
  wandbLink,
} from '../../src/views/index.js';
import { makeDetails, makeJob } from './fixtures.js';

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [45, '45 s'],
    [300, '5 min'],
    [3600, '1 h'],
    [3900, '1 h 5 min'],
    [90_000, '1 d 1 h'],
    [59.7, '1 min'],
    [-1, 'unknown'],
    [Number.NaN, 'unknown'],
  ])('%s s reads "%s"', (seconds, expected) => {
    expect(formatDuration(seconds)).toBe(expected);
  });
});

describe('number formats', () => {
  it('shows cost with two decimals and the currency', () => {
    expect(formatCost(4, 'USD')).toBe('4.00 USD');
    expect(formatCost(12.345, 'EUR')).toBe('12.35 EUR');
    expect(formatCost(0.0042, 'USD')).toBe('0.0042 USD');
    expect(formatCost(3, null)).toBe('3.00');
  });

  it('groups thousands', () => {
    expect(formatCount(1_234_567)).toBe('1,234,567');
  });

  it('keeps metrics to 4 significant digits', () => {
    expect(formatMetric(0.812345)).toBe('0.8123');
    expect(formatMetric(1.76)).toBe('1.76');
    expect(formatMetric(12.3456)).toBe('12.35');
  });

  it('writes a Slack date token with an ISO fallback', () => {
    expect(dateToken(1_717_243_200)).toBe(
      '<!date^1717243200^{date_short_pretty} {time}|2024-06-01T12:00:00Z>',
    );
    expect(dateToken(1_717_243_200.9)).toContain('<!date^1717243200^');
  });
});

describe('progressOf', () => {
  const cp = (step_number: number) => ({ step_number, created_at: 0, metrics: {} });

  it('is the latest checkpoint over the training steps', () => {
    expect(progressOf(makeDetails({ checkpoints: [cp(40)] }))).toEqual({ step: 40, total: 100, percent: 40 });
    expect(progressOf(makeDetails({ checkpoints: [cp(90), cp(10)] }))?.percent).toBe(90);
  });

  it('is complete for SUCCESS, unknown without steps or checkpoints, and never above 100 %', () => {
    expect(progressOf(makeJob({ status: 'SUCCESS' }))?.percent).toBe(100);
    expect(progressOf(makeJob())).toBeUndefined();
    expect(progressOf(makeDetails({ hyperparameters: {}, checkpoints: [cp(3)] }))).toBeUndefined();
    expect(progressOf(makeDetails({ checkpoints: [cp(250)] }))?.percent).toBe(100);
    expect(progressOf(makeDetails({ checkpoints: [cp(999)] }))?.percent).toBe(100);
  });

  it('rounds down so 99.9 % does not read as done', () => {
    const job = makeDetails({ hyperparameters: { training_steps: 1000 }, checkpoints: [cp(999)] });
    expect(progressOf(job)?.percent).toBe(99);
  });

  it('draws a ten-cell bar', () => {
    expect(progressBar(50)).toBe('▓▓▓▓▓░░░░░ 50 %');
    expect(progressBar(0)).toBe('░░░░░░░░░░ 0 %');
  });
});

describe('wandbLink', () => {
  const integration = { type: 'wandb' as const, project: 'my proj' };

  it('prefers the API url, then the entity, then nothing', () => {
    expect(wandbLink({ ...integration, url: 'https://wandb.ai/a/b/runs/c' }, 'e')).toEqual({
      label: 'my proj',
      url: 'https://wandb.ai/a/b/runs/c',
    });
    expect(wandbLink(integration, 'my team')).toEqual({
      label: 'my proj',
      url: 'https://wandb.ai/my%20team/my%20proj',
    });
    expect(wandbLink({ ...integration, url: null })).toEqual({ label: 'my proj' });
  });

  it('ignores a url that is not a web address', () => {
    expect(wandbLink({ ...integration, url: 'javascript:alert(1)' }, 'e').url).toBe(
      'https://wandb.ai/e/my%20proj',
    );
  });
});

describe('statusEmoji', () => {
  it('has a distinct emoji per known status and a neutral one otherwise', () => {
    expect(statusEmoji('SUCCESS')).toBe('✅');
    expect(statusEmoji('FAILED')).toBe('❌');
    expect(statusEmoji('SOMETHING_NEW')).toBe(UNKNOWN_STATUS_EMOJI);
  });
});
