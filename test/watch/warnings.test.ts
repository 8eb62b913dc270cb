import { describe, expect, it } from 'vitest';
import type { Checkpoint, JobDetails } from '../../src/domain/job.js';
import { overfitting, scanWarnings } from '../../src/watch/warnings.js';
import { makeDetails } from '../views/fixtures.js';

const MIN = 60_000;
const T0 = 1_800_000_000; // Unix seconds
const status = (s: string, at: number) => ({ name: 'status-updated', data: { status: s }, created_at: at });
const cp = (step: number, train: number, valid: number): Checkpoint => ({
  step_number: step,
  created_at: T0 + step,
  metrics: { train_loss: train, valid_loss: valid },
});

function queued(over: Partial<JobDetails> = {}): JobDetails {
  return makeDetails({ status: 'QUEUED', auto_start: true, events: [status('QUEUED', T0)], ...over });
}

describe('which warnings hold, and when the next falls due', () => {
  it('queued: the configured minutes after the status began', () => {
    const t = { queuedMinutes: 20, stalledMinutes: 30 };
    const early = scanWarnings(queued(), {}, t, T0 * 1000 + 19 * MIN);
    expect(early).toEqual({ active: [], nextDueMs: T0 * 1000 + 20 * MIN });
    const due = scanWarnings(queued(), {}, t, T0 * 1000 + 20 * MIN);
    expect(due.active).toMatchObject([{ kind: 'queued', episode: `QUEUED@${T0}`, status: 'QUEUED' }]);
  });

  it('queued by default: 30 minutes, or 15 past the estimated start when the provider reports a later one', () => {
    const t = { stalledMinutes: 30 };
    expect(scanWarnings(queued(), {}, t, T0 * 1000).nextDueMs).toBe(T0 * 1000 + 30 * MIN);
    const estimated = queued({ metadata: { estimated_start_time: T0 + 3600 } });
    expect(scanWarnings(estimated, {}, t, T0 * 1000).nextDueMs).toBe((T0 + 3600) * 1000 + 15 * MIN);
  });

  it('a job held for someone to press Start is not warned about; one waiting for a slot is', () => {
    const t = { queuedMinutes: 1, stalledMinutes: 30 };
    const events = [status('VALIDATED', T0)];
    const held = makeDetails({ status: 'VALIDATED', auto_start: false, events });
    expect(scanWarnings(held, {}, t, T0 * 1000 + 5 * MIN)).toEqual({ active: [] });
    const waiting = makeDetails({ status: 'VALIDATED', auto_start: true, events });
    expect(scanWarnings(waiting, {}, t, T0 * 1000 + 5 * MIN).active.map((w) => w.kind)).toEqual(['queued']);
  });

  it('stalled: only while training, counted from when the progress last moved', () => {
    const t = { stalledMinutes: 30 };
    const running = makeDetails({ status: 'RUNNING', trained_tokens: 100 });
    const since = T0 * 1000;
    expect(scanWarnings(running, { progressSinceMs: since }, t, since + 29 * MIN).nextDueMs).toBe(
      since + 30 * MIN,
    );
    expect(scanWarnings(running, { progressSinceMs: since }, t, since + 30 * MIN).active).toMatchObject([
      { kind: 'stalled', sinceMs: since },
    ]);
    // Without the poller's clock (a job applied outside a pass) there is nothing to count from.
    expect(scanWarnings(running, {}, t, since + 60 * MIN)).toEqual({ active: [] });
  });

  it('overfitting: validation loss up three checkpoints in a row while training loss fell, with the best step', () => {
    const rising = [cp(10, 2, 1.5), cp(20, 1.6, 1.2), cp(30, 1.4, 1.25), cp(40, 1.3, 1.3), cp(50, 1.2, 1.4)];
    expect(overfitting(rising)?.best.step_number).toBe(20);
    expect(overfitting(rising)?.last.map((c) => c.step_number)).toEqual([30, 40, 50]);
    // Both losses rising is divergence, not overfitting; two rises are not three checkpoints.
    expect(overfitting([cp(10, 1, 1), cp(20, 1.1, 1.1), cp(30, 1.2, 1.2)])).toBeUndefined();
    expect(overfitting([cp(10, 1, 1), cp(20, 0.9, 1.1)])).toBeUndefined();
    // Unordered checkpoints are read by step.
    expect(overfitting([...rising].reverse())?.best.step_number).toBe(20);
  });

  it('cost: above the threshold in its currency; never compared across currencies', () => {
    const t = { stalledMinutes: 30, cost: { amount: 50, currency: 'USD' } };
    const at = (cost: number, currency: string | null) =>
      scanWarnings(makeDetails({ status: 'RUNNING', metadata: { cost, cost_currency: currency } }), {}, t, 0)
        .active;
    expect(at(50, 'USD')).toEqual([]);
    expect(at(50.01, 'USD')).toMatchObject([{ kind: 'cost', cost: 50.01 }]);
    expect(at(80, 'EUR')).toEqual([]);
    expect(at(80, null)).toMatchObject([{ kind: 'cost' }]);
  });

  it('a job that ended has no warning', () => {
    const t = { queuedMinutes: 1, stalledMinutes: 1, cost: { amount: 1, currency: 'USD' } };
    const done = makeDetails({ status: 'SUCCESS', metadata: { cost: 90, cost_currency: 'USD' } });
    expect(scanWarnings(done, { progressSinceMs: 0 }, t, T0 * 1000)).toEqual({ active: [] });
  });
});
