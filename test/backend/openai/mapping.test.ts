import { describe, expect, it } from 'vitest';
import { locOf } from '../../../src/backend/openai/map-error.js';
import { toCreateBody } from '../../../src/backend/openai/requests.js';
import { mapStatus } from '../../../src/backend/openai/status.js';
import { suffixFromModel, toDetails, toModel } from '../../../src/backend/openai/to-canonical.js';
import { wireJob } from '../../../src/backend/openai/wire-schemas.js';

const job = (over: Record<string, unknown> = {}) =>
  wireJob.parse({
    id: 'ftjob-abc123def456',
    model: 'gpt-4o-mini',
    status: 'running',
    created_at: 100,
    finished_at: null,
    training_file: 'file-abc123def456',
    ...over,
  });

describe('OpenAI → canonical mapping', () => {
  it('maps every documented status, blames the data only when error.param names a file, keeps others verbatim', () => {
    expect(
      ['validating_files', 'queued', 'running', 'succeeded', 'cancelled'].map((s) => mapStatus(s)),
    ).toEqual(['VALIDATING', 'QUEUED', 'RUNNING', 'SUCCESS', 'CANCELLED']);
    expect(mapStatus('failed', 'training_file')).toBe('FAILED_VALIDATION');
    expect(mapStatus('failed', 'validation_file')).toBe('FAILED_VALIDATION');
    expect(mapStatus('failed', null)).toBe('FAILED');
    expect(mapStatus('pending')).toBe('QUEUED');
    expect(mapStatus('paused')).toBe('paused');
  });

  it('parses the suffix from the fine-tuned model name (none when the part is empty)', () => {
    expect(suffixFromModel('ft:gpt-4o-mini-2024-07-18:my-org:custom-name:7p4lURel')).toBe('custom-name');
    expect(suffixFromModel('ft:gpt-4o-mini:my-org::7p4lURel')).toBeNull();
    expect(suffixFromModel('gpt-35-turbo.ft-abc')).toBeNull();
  });

  it('a failed job gets a status event carrying the reason, and progress comes from metrics events', () => {
    const d = toDetails(
      job({
        status: 'failed',
        finished_at: 900,
        error: { code: 'x', message: 'line 3 is not JSON', param: 'training_file' },
      }),
      [
        {
          id: 'e1',
          created_at: 200,
          level: 'info',
          message: 'Step 5/20: loss=1.2',
          type: 'metrics',
          data: { step: 5, total_steps: 20, train_loss: 1.2 },
        },
        { id: 'e2', created_at: 800, level: 'error', message: 'bad line', type: 'message', data: {} },
      ],
      [],
    );
    expect(d.status).toBe('FAILED_VALIDATION');
    expect(d.modified_at).toBe(900);
    expect(d.hyperparameters.training_steps).toBe(20);
    expect(d.checkpoints).toEqual([
      {
        step_number: 5,
        created_at: 200,
        metrics: { train_loss: 1.2, valid_loss: null, valid_mean_token_accuracy: null },
      },
    ]);
    expect(d.events.at(-1)).toEqual({
      name: 'status-updated',
      data: { status: 'FAILED_VALIDATION', error: 'line 3 is not JSON' },
      created_at: 900,
    });
    expect(d.events[1]?.data?.error).toBe('bad line');
  });

  it('reads epochs from method, else from the deprecated top-level hyperparameters; auto is null', () => {
    expect(
      toDetails(
        job({ method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 4 } } } }),
        [],
        [],
      ).hyperparameters.epochs,
    ).toBe(4);
    expect(toDetails(job({ hyperparameters: { n_epochs: 2 } }), [], []).hyperparameters.epochs).toBe(2);
    expect(
      toDetails(job({ hyperparameters: { n_epochs: 'auto' } }), [], []).hyperparameters.epochs,
    ).toBeNull();
  });

  it('offers chat bases, not embeddings; ft: models are fine-tuned with their root', () => {
    expect(toModel({ id: 'gpt-4.1-mini' }).fine_tunable).toBe(true);
    expect(toModel({ id: 'text-embedding-3-large' }).fine_tunable).toBe(false);
    expect(toModel({ id: 'ft:gpt-4o-mini:org:s:1' })).toMatchObject({
      type: 'fine-tuned',
      root: 'gpt-4o-mini',
    });
  });

  it('param names map onto the form’s fields', () => {
    expect(locOf('training_file')).toEqual(['training_files']);
    expect(locOf('hyperparameters.n_epochs')).toEqual(['hyperparameters', 'epochs']);
    expect(locOf('integrations[0].wandb.project')).toEqual(['integrations']);
    expect(locOf('model')).toEqual(['model']);
  });
});

describe('the create body', () => {
  it('is OpenAI’s supervised method with n_epochs, and never carries the W&B key', () => {
    const key = 'k'.repeat(40);
    const body = toCreateBody({
      model: 'gpt-4o-mini',
      training_files: [{ file_id: 'file-a' }],
      validation_files: ['file-b'],
      hyperparameters: { epochs: 3 },
      suffix: 's',
      integrations: [{ type: 'wandb', project: 'p', run_name: 'r', api_key: key }],
      auto_start: false,
    });
    expect(body).toEqual({
      model: 'gpt-4o-mini',
      training_file: 'file-a',
      validation_file: 'file-b',
      suffix: 's',
      method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 3 } } },
      integrations: [{ type: 'wandb', wandb: { project: 'p', name: 'r' } }],
    });
    expect(JSON.stringify(body)).not.toContain(key);
  });

  it('lets the provider pick epochs when none are set', () => {
    const body = toCreateBody({
      model: 'm',
      training_files: [{ file_id: 'file-a' }],
      hyperparameters: { epochs: null },
      auto_start: true,
    });
    expect(body.method.supervised.hyperparameters).toEqual({});
  });
});
