import type { Job, JobDetails } from '../../src/domain/job.js';
import type { ViewContext } from '../../src/views/index.js';

export const MISTRAL = { label: 'Mistral', keyVariable: 'MISTRAL_API_KEY' };

/** 2024-06-01T12:00:00Z: fixed so dates in assertions never drift. */
export const NOW = 1_717_243_200;

export function makeContext(over: Partial<ViewContext> = {}): ViewContext {
  return { sandbox: false, backendLabel: 'Mistral', provider: MISTRAL, now: NOW, ...over };
}

export function makeJob(over: Partial<Job> = {}): Job {
  return {
    id: '1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d',
    model: 'open-mistral-7b',
    status: 'RUNNING',
    job_type: 'completion',
    auto_start: true,
    created_at: NOW - 3600,
    modified_at: NOW - 60,
    training_files: ['f0000000-0000-4000-8000-000000000001'],
    validation_files: [],
    hyperparameters: { training_steps: 100, learning_rate: 0.0001 },
    fine_tuned_model: null,
    suffix: null,
    integrations: [],
    trained_tokens: null,
    metadata: null,
    ...over,
  };
}

export function makeDetails(over: Partial<JobDetails> = {}): JobDetails {
  return { ...makeJob(over), events: [], checkpoints: [], ...over };
}

/** A job with every field of the seed schema (and every optional field of ours) set. */
export function makeFullJob(): JobDetails {
  return makeDetails({
    id: '9f8e7d6c-5b4a-4c3d-9e2f-1a0b9c8d7e6f',
    model: 'open-mistral-nemo',
    status: 'SUCCESS',
    job_type: 'completion',
    auto_start: false,
    created_at: 1_717_000_000,
    modified_at: 1_717_100_000,
    training_files: ['aaaaaaaa-0000-4000-8000-000000000001', 'aaaaaaaa-0000-4000-8000-000000000002'],
    validation_files: ['bbbbbbbb-0000-4000-8000-000000000003'],
    hyperparameters: {
      training_steps: 250,
      learning_rate: 0.00012,
      weight_decay: 0.07,
      warmup_fraction: 0.15,
      epochs: 2.5,
      seq_len: 32768,
      fim_ratio: 0.9,
    },
    fine_tuned_model: 'ft:open-mistral-nemo:support-bot:9f8e7d6c',
    suffix: 'support-bot',
    integrations: [{ type: 'wandb', project: 'support-ft', name: 'nightly', run_name: 'run-42', url: null }],
    trained_tokens: 4_096_000,
    metadata: {
      expected_duration_seconds: 3900,
      cost: 4,
      cost_currency: 'USD',
      train_tokens_per_step: 16_384,
      train_tokens: 4_096_000,
      data_tokens: 1_234_567,
      estimated_start_time: 1_717_000_600,
    },
    events: [
      { name: 'status-updated', data: { status: 'QUEUED' }, created_at: 1_717_000_000 },
      { name: 'status-updated', data: { status: 'RUNNING' }, created_at: 1_717_001_000 },
      { name: 'status-updated', data: { status: 'SUCCESS' }, created_at: 1_717_100_000 },
    ],
    checkpoints: [
      {
        step_number: 250,
        created_at: 1_717_099_000,
        metrics: { train_loss: 0.812345, valid_loss: 0.9012345, valid_mean_token_accuracy: 1.763421 },
      },
    ],
  });
}
