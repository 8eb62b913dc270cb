import { afterEach, describe, expect, it } from 'vitest';
import { deriveJob, PHASE_MS } from '../../src/sandbox/lifecycle.js';
import type { JobRecord } from '../../src/sandbox/types.js';
import { raw, sandboxWithClient } from './support.js';

const T0 = Date.UTC(2026, 0, 1);
const RUN_AT = T0 + PHASE_MS.queued + PHASE_MS.validating + PHASE_MS.validatedAutoStart + PHASE_MS.started;
const MIN = 60_000;

function job(shape: JobRecord['shape']): JobRecord {
  return {
    id: '0b0e5d9e-7a52-4b1c-9d7e-1f2a3b4c5d6e',
    seq: 0,
    model: 'open-mistral-7b',
    jobType: 'completion',
    autoStart: true,
    createdAtMs: T0,
    trainingFiles: ['f'],
    validationFiles: [],
    hyperparameters: {
      training_steps: 20,
      learning_rate: 1e-4,
      weight_decay: 0.1,
      warmup_fraction: 0.05,
      epochs: null,
      seq_len: null,
      fim_ratio: 0.9,
    },
    suffix: 'demo',
    integrations: [],
    classifierTargets: [],
    createdByMe: true,
    dataCheck: { ok: true, dataTokens: 50_000 },
    pricePerMTokens: 1,
    shape,
  };
}

describe('shaped job lives (pure)', () => {
  it('holdQueuedMs keeps the job QUEUED that much longer, in clock ms', () => {
    const r = job({ holdQueuedMs: 40 * MIN });
    expect(deriveJob(r, T0 + PHASE_MS.queued + 39 * MIN, 1).status).toBe('QUEUED');
    expect(deriveJob(r, T0 + PHASE_MS.queued + 40 * MIN, 1).status).toBe('VALIDATING');
  });

  it('a stall stops steps and checkpoints after its step for its length, then training goes on', () => {
    const r = job({ stall: { atStep: 4, ms: 30 * MIN } });
    const at = (ms: number) => deriveJob(r, ms, 1, true);
    const stalled = at(RUN_AT + 4 * PHASE_MS.step + 29 * MIN);
    expect(stalled.status).toBe('RUNNING');
    expect(stalled.checkpoints.map((c) => c.step_number)).toEqual([4, 2]);
    expect(stalled.trainedTokens).toBe(at(RUN_AT + 4 * PHASE_MS.step).trainedTokens);
    const resumed = at(RUN_AT + 6 * PHASE_MS.step + 30 * MIN);
    expect(resumed.checkpoints[0]?.step_number).toBe(6);
    expect(resumed.checkpoints[0]?.created_at).toBe(
      Math.floor((RUN_AT + 6 * PHASE_MS.step + 30 * MIN) / 1000),
    );
    expect(at(RUN_AT + 20 * PHASE_MS.step + 30 * MIN).status).toBe('SUCCESS');
    expect(at(RUN_AT + 20 * PHASE_MS.step + 30 * MIN - 1).status).toBe('RUNNING');
  });

  it('overfit: validation loss climbs from `from` while training loss falls, and falls back after `until`', () => {
    const r = job({ overfit: { from: 0.4, until: 0.7 } });
    const cps = [...deriveJob(r, RUN_AT + 20 * PHASE_MS.step, 1, true).checkpoints].reverse();
    const valid = cps.map((c) => c.metrics.valid_loss as number);
    const train = cps.map((c) => c.metrics.train_loss as number);
    // Checkpoints at 10 %, 20 %, … 100 %: index 3 is 40 %.
    for (let i = 4; i <= 6; i++) expect(valid[i]).toBeGreaterThan(valid[i - 1] as number);
    expect(valid[7]).toBeLessThan(valid[6] as number);
    for (let i = 1; i < train.length; i++) expect(train[i]).toBeLessThan(train[i - 1] as number);
  });
});

describe('POST /_sandbox/jobs/{id}/shape', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
  });

  it('shapes a job, refuses a bad shape naming the problem, and 404s an unknown job', async () => {
    const { sandbox } = await sandboxWithClient();
    close = () => sandbox.close();
    const [id] = sandbox.addSyntheticJobs({ count: 1, active: 1 });
    expect((await raw(sandbox, 'POST', `/_sandbox/jobs/${id}/shape`, { holdQueuedMs: 1000 })).status).toBe(
      200,
    );
    const bad = await raw(sandbox, 'POST', `/_sandbox/jobs/${id}/shape`, {
      stall: { atStep: -1 },
      soon: true,
    });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.json)).toContain('stall must be null or');
    expect(JSON.stringify(bad.json)).toContain('unknown shape \\"soon\\"');
    const missing = await raw(sandbox, 'POST', '/_sandbox/jobs/nope/shape', { overfit: null });
    expect(missing.status).toBe(404);
    // The job still answers on the provider's route.
    expect((await raw(sandbox, 'GET', `/v1/fine_tuning/jobs/${id}`)).status).toBe(200);
  });
});
