import { describe, expect, it } from 'vitest';
import { deriveJob, fineTunedModelName, PHASE_MS, planTimeline } from '../../src/sandbox/lifecycle.js';
import { computeNumbers } from '../../src/sandbox/metadata.js';
import type { JobRecord } from '../../src/sandbox/types.js';

const T0 = Date.UTC(2026, 0, 1);

function job(overrides: Partial<JobRecord> = {}): JobRecord {
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
    ...overrides,
  };
}

/** Time at which RUNNING begins for an auto-start job at speed 1. */
const RUN_AT = T0 + PHASE_MS.queued + PHASE_MS.validating + PHASE_MS.validatedAutoStart + PHASE_MS.started;

describe('deriveJob (pure lifecycle)', () => {
  it('walks QUEUED → VALIDATING → VALIDATED → STARTED → RUNNING → SUCCESS as the clock moves', () => {
    const r = job();
    const at = (ms: number) => deriveJob(r, ms, 1).status;
    expect(at(T0)).toBe('QUEUED');
    expect(at(T0 + PHASE_MS.queued)).toBe('VALIDATING');
    expect(at(T0 + PHASE_MS.queued + PHASE_MS.validating)).toBe('VALIDATED');
    expect(at(RUN_AT - 1)).toBe('STARTED');
    expect(at(RUN_AT)).toBe('RUNNING');
    expect(at(RUN_AT + 20 * PHASE_MS.step)).toBe('SUCCESS');
  });

  it('divides every duration by the speed factor', () => {
    const r = job();
    expect(deriveJob(r, T0 + (RUN_AT - T0) / 100, 100).status).toBe('RUNNING');
    expect(deriveJob(r, T0 + (RUN_AT - T0) / 100 - 1, 100).status).toBe('STARTED');
  });

  it('records a status-updated event per transition, newest first, with modified_at at the last one', () => {
    const d = deriveJob(job(), RUN_AT + 5 * PHASE_MS.step, 1, true);
    expect(d.events.map((e) => (e.data as { status: string }).status)).toEqual([
      'RUNNING',
      'STARTED',
      'VALIDATED',
      'VALIDATING',
      'QUEUED',
    ]);
    expect(d.events.every((e) => e.name === 'status-updated')).toBe(true);
    expect(d.modifiedAtMs).toBe(RUN_AT);
  });

  it('keeps metadata null until VALIDATED, then fills cost and duration from the data size', () => {
    expect(deriveJob(job(), T0 + PHASE_MS.queued, 1).metadata).toBeNull();
    const m = deriveJob(job(), T0 + PHASE_MS.queued + PHASE_MS.validating, 1).metadata;
    expect(m).toMatchObject({
      data_tokens: 50_000,
      train_tokens_per_step: 131072,
      train_tokens: 20 * 131072,
    });
    expect(m?.expected_duration_seconds).toBe(60);
    expect(m?.cost).toBe(4); // 2.6 M tokens × $1/M is under the $4 minimum fee
  });

  it('adds a checkpoint every 10 % of the steps with a falling training loss', () => {
    const d = deriveJob(job(), RUN_AT + 20 * PHASE_MS.step, 1, true);
    const steps = d.checkpoints.map((c) => c.step_number);
    expect(steps).toEqual([20, 18, 16, 14, 12, 10, 8, 6, 4, 2]);
    const oldestFirst = [...d.checkpoints].reverse();
    const first = oldestFirst[0]?.metrics;
    const last = oldestFirst[oldestFirst.length - 1]?.metrics;
    expect(first?.train_loss).toBeGreaterThan(1.5);
    expect(last?.train_loss).toBeLessThan(0.9);
    expect(last?.valid_mean_token_accuracy).toBeGreaterThan(first?.valid_mean_token_accuracy ?? 1);
    for (const c of d.checkpoints) expect(c.metrics.valid_loss).toBeGreaterThan(c.metrics.train_loss ?? 0);
  });

  it('shows only the checkpoints reached so far while running, and the trained tokens so far', () => {
    const d = deriveJob(job(), RUN_AT + 9 * PHASE_MS.step, 1, true);
    expect(d.checkpoints.map((c) => c.step_number)).toEqual([8, 6, 4, 2]);
    expect(d.trainedTokens).toBe(9 * 131072);
  });

  it('gives the same metrics for the same job every time (seeded noise)', () => {
    const a = deriveJob(job(), RUN_AT + 20 * PHASE_MS.step, 1, true).checkpoints;
    const b = deriveJob(job(), RUN_AT + 20 * PHASE_MS.step, 1, true).checkpoints;
    expect(a).toEqual(b);
  });

  it('names the fine-tuned model ft:<model>:<suffix>:<8 hex> on SUCCESS only', () => {
    expect(deriveJob(job(), RUN_AT, 1).fineTunedModel).toBeNull();
    const name = deriveJob(job(), RUN_AT + 20 * PHASE_MS.step, 1).fineTunedModel;
    expect(name).toMatch(/^ft:open-mistral-7b:demo:[0-9a-f]{8}$/);
    expect(fineTunedModelName(job({ suffix: null }))).toMatch(/^ft:open-mistral-7b:sandbox:/);
  });

  it('waits in VALIDATED when auto_start is false, and runs once a start is requested', () => {
    const later = T0 + 60 * 60_000;
    expect(deriveJob(job({ autoStart: false }), later, 1).status).toBe('VALIDATED');
    const started = job({ autoStart: false, startRequestedAtMs: later });
    expect(deriveJob(started, later, 1).status).toBe('STARTED');
    expect(deriveJob(started, later + PHASE_MS.started, 1).status).toBe('RUNNING');
  });

  it('ends in FAILED_VALIDATION with the data error in the event', () => {
    const r = job({ dataCheck: { ok: false, error: 'bad.jsonl line 3: not valid JSON' } });
    const d = deriveJob(r, T0 + PHASE_MS.queued + PHASE_MS.validating, 1, true);
    expect(d.status).toBe('FAILED_VALIDATION');
    expect(d.metadata).toBeNull();
    expect(d.events[0]?.data).toEqual({
      status: 'FAILED_VALIDATION',
      error: 'bad.jsonl line 3: not valid JSON',
    });
  });

  it('cancels through CANCELLATION_REQUESTED, stopping training at the request', () => {
    const c = RUN_AT + 5 * PHASE_MS.step;
    const r = job({ cancelRequestedAtMs: c });
    expect(deriveJob(r, c, 1).status).toBe('CANCELLATION_REQUESTED');
    const d = deriveJob(r, c + PHASE_MS.cancelling, 1, true);
    expect(d.status).toBe('CANCELLED');
    expect(d.trainedTokens).toBe(5 * 131072);
    expect(Math.max(...d.checkpoints.map((x) => x.step_number))).toBe(4);
    expect(planTimeline(r, 1).some((t) => t.status === 'SUCCESS')).toBe(false);
  });

  it('ignores a cancel request recorded after the job had already finished', () => {
    const r = job({ cancelRequestedAtMs: RUN_AT + 100 * PHASE_MS.step });
    expect(deriveJob(r, RUN_AT + 200 * PHASE_MS.step, 1).status).toBe('SUCCESS');
  });

  it('fails a job that crashes mid-training with the reason in the event', () => {
    const d = deriveJob(job({ failAtStep: 7 }), RUN_AT + 30 * PHASE_MS.step, 1, true);
    expect(d.status).toBe('FAILED');
    expect(JSON.stringify(d.events[0]?.data)).toContain('step 7');
  });
});

describe('computeNumbers (metadata and dry-run estimates)', () => {
  it('derives steps from epochs and data tokens when training_steps is unset', () => {
    const n = computeNumbers(300_000, { training_steps: null, epochs: 2, seq_len: null }, 3);
    expect(n.training_steps).toBe(Math.ceil((2 * 300_000) / 131072));
    expect(n.train_tokens).toBe(n.training_steps * 131072);
  });

  it('uses seq_len × 16 tokens per step when seq_len is set, and prices by model', () => {
    const n = computeNumbers(1_000_000, { training_steps: 1000, epochs: null, seq_len: 4096 }, 9);
    expect(n.train_tokens_per_step).toBe(65536);
    expect(n.cost).toBeCloseTo((1000 * 65536 * 9) / 1e6, 2);
    expect(n.cost_currency).toBe('USD');
    expect(n.expected_duration_seconds).toBe(3000);
  });
});
