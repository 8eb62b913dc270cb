import { describe, expect, it } from 'vitest';
import type { JobDetails } from '../../src/domain/job.js';
import { cardFingerprint, isOlderFingerprint } from '../../src/watch/transitions.js';

const base: JobDetails = {
  id: '11111111-2222-4333-8444-555555555555',
  model: 'open-mistral-7b',
  status: 'QUEUED',
  job_type: 'completion',
  auto_start: false,
  created_at: 100,
  modified_at: 100,
  training_files: [],
  validation_files: [],
  hyperparameters: { training_steps: 10 },
  fine_tuned_model: null,
  suffix: null,
  integrations: [],
  trained_tokens: null,
  metadata: null,
  events: [{ name: 'status-updated', data: { status: 'QUEUED' }, created_at: 100 }],
  checkpoints: [],
};

const validated: JobDetails = {
  ...base,
  status: 'VALIDATED',
  modified_at: 130,
  events: [
    ...base.events,
    { name: 'status-updated', data: { status: 'VALIDATING' }, created_at: 110 },
    { name: 'status-updated', data: { status: 'VALIDATED' }, created_at: 130 },
  ],
};

describe('card snapshots', () => {
  it('never lets an older snapshot of a job replace a newer card', () => {
    expect(isOlderFingerprint(cardFingerprint(base), cardFingerprint(validated))).toBe(true);
    expect(isOlderFingerprint(cardFingerprint(validated), cardFingerprint(base))).toBe(false);
  });

  it('treats more checkpoints at the same status as newer', () => {
    const running = { ...validated, status: 'RUNNING', checkpoints: [] };
    const later = {
      ...running,
      checkpoints: [{ step_number: 1, created_at: 140, metrics: { train_loss: 2 } }],
    };
    expect(isOlderFingerprint(cardFingerprint(running), cardFingerprint(later))).toBe(true);
    expect(isOlderFingerprint(cardFingerprint(later), cardFingerprint(later))).toBe(false);
  });
});
