import { describe, expect, it } from 'vitest';
import { progressOf, totalStepsOf } from '../../src/views/progress.js';
import { makeDetails, makeJob } from './fixtures.js';

const PER_STEP = 131_072;

describe('totalStepsOf', () => {
  it('takes training_steps when the job was created with them', () => {
    expect(totalStepsOf(makeJob({ hyperparameters: { training_steps: 100 } }))).toBe(100);
  });

  it('prefers training_steps over the metadata when both are there', () => {
    const job = makeJob({
      hyperparameters: { training_steps: 12 },
      metadata: { train_tokens: 10 * PER_STEP, train_tokens_per_step: PER_STEP },
    });
    expect(totalStepsOf(job)).toBe(12);
  });

  it('derives the steps of an epochs-only job from train_tokens / train_tokens_per_step', () => {
    const job = makeJob({
      hyperparameters: { epochs: 4.2922, training_steps: null },
      metadata: { train_tokens: 1_310_720, train_tokens_per_step: PER_STEP, data_tokens: 305_375 },
    });
    expect(totalStepsOf(job)).toBe(10);
  });

  it('counts a partial last step as a step', () => {
    const job = makeJob({
      hyperparameters: { epochs: 1 },
      metadata: { train_tokens: 2 * PER_STEP + 1, train_tokens_per_step: PER_STEP },
    });
    expect(totalStepsOf(job)).toBe(3);
  });

  it('has no total before validation (no metadata) or with zero or missing numbers', () => {
    expect(totalStepsOf(makeJob({ hyperparameters: { epochs: 2 }, metadata: null }))).toBeUndefined();
    expect(
      totalStepsOf(makeJob({ hyperparameters: { epochs: 2 }, metadata: { train_tokens: 1000 } })),
    ).toBeUndefined();
    expect(
      totalStepsOf(
        makeJob({
          hyperparameters: { epochs: 2 },
          metadata: { train_tokens: 1000, train_tokens_per_step: 0 },
        }),
      ),
    ).toBeUndefined();
    expect(totalStepsOf(makeJob({ hyperparameters: { training_steps: 0 } }))).toBeUndefined();
  });
});

describe('progressOf for an epochs-only job', () => {
  const epochsOnly = { epochs: 2 };
  const metadata = { train_tokens: 20 * PER_STEP, train_tokens_per_step: PER_STEP };

  it('puts the latest checkpoint over the derived total', () => {
    const job = makeDetails({
      hyperparameters: epochsOnly,
      metadata,
      checkpoints: [
        { step_number: 14, created_at: 2, metrics: {} },
        { step_number: 6, created_at: 1, metrics: {} },
      ],
    });
    expect(progressOf(job)).toEqual({ step: 14, total: 20, percent: 70 });
  });

  it('is complete once the job succeeded', () => {
    const job = makeDetails({ status: 'SUCCESS', hyperparameters: epochsOnly, metadata });
    expect(progressOf(job)).toEqual({ step: 20, total: 20, percent: 100 });
  });

  it('is unknown with no total, whatever the checkpoints say', () => {
    const job = makeDetails({
      hyperparameters: epochsOnly,
      checkpoints: [{ step_number: 14, created_at: 2, metrics: {} }],
    });
    expect(progressOf(job)).toBeUndefined();
  });
});
