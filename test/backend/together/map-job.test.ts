import { describe, expect, it } from 'vitest';
import {
  checkpointsFromTogether,
  detailsFromTogether,
  MAX_CHECKPOINTS,
} from '../../../src/backend/together/map-job.js';
import { wireEvent, wireJob } from '../../../src/backend/together/wire-schemas.js';
import { progressOf } from '../../../src/views/progress.js';

const AT = 1_796_000_000;
const job = (extra: Record<string, unknown> = {}) =>
  wireJob.parse({
    id: 'ft-1',
    status: 'running',
    model: 'mistralai/Mistral-7B-Instruct-v0.2',
    created_at: new Date(AT * 1000).toISOString(),
    ...extra,
  });
const event = (extra: Record<string, unknown>) => ({
  created_at: new Date(AT * 1000).toISOString(),
  ...extra,
});

describe('Together job details as the card shows them', () => {
  it('a long run keeps at most 100 loss points, always the latest step, so the card shows the newest metrics', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => ({
      'train/global_step': i + 1,
      'train/loss': 2 - i / 1000,
    }));
    const cps = checkpointsFromTogether(rows, [], [], AT);
    expect(cps).toHaveLength(MAX_CHECKPOINTS);
    expect(cps[0]?.step_number).toBe(1);
    expect(cps.at(-1)).toMatchObject({ step_number: 1000, metrics: { train_loss: 2 - 999 / 1000 } });
  });

  it('merges saved checkpoints with the metrics, with eval loss when Together evaluated', () => {
    const cps = checkpointsFromTogether(
      [{ 'train/global_step': 10, 'train/loss': 1.5, 'eval/loss': 1.7 }],
      [
        { step: 10, created_at: AT + 60, path: 'p', checkpoint_type: 'Intermediate' },
        { step: 20, created_at: AT + 120, path: 'q', checkpoint_type: 'Final' },
      ],
      [],
      AT,
    );
    expect(cps).toEqual([
      { step_number: 10, created_at: AT + 60, metrics: { train_loss: 1.5, valid_loss: 1.7 } },
      { step_number: 20, created_at: AT + 120, metrics: {} },
    ]);
  });

  it('takes the W&B url from the wandb_init event when retrieve has none, and the step total for the progress bar', () => {
    const events = [
      event({ type: 'wandb_init', wandb_url: 'https://wandb.ai/me/p/runs/1', total_steps: 40 }),
      event({ type: 'training_start', total_steps: 40 }),
    ].map((e) => wireEvent.parse(e));
    const d = detailsFromTogether(
      job({ wandb_project_name: 'p', total_price: 2_500_000_000 }),
      events,
      [{ 'train/global_step': 10, 'train/loss': 1 }],
      [],
    );
    expect(d.integrations).toEqual([
      { type: 'wandb', project: 'p', name: null, url: 'https://wandb.ai/me/p/runs/1' },
    ]);
    expect(d.metadata).toMatchObject({ cost: 2.5, cost_currency: 'USD' });
    expect(progressOf(d)).toEqual({ step: 10, total: 40, percent: 25 });
    expect(d.events.map((e) => e.name)).toEqual(['wandb_init', 'status-updated']);
  });

  it('a job without W&B has no integration, and one without a price has no metadata', () => {
    const d = detailsFromTogether(job(), [], [], []);
    expect(d.integrations).toEqual([]);
    expect(d.metadata).toBeNull();
    expect(d.hyperparameters.training_steps).toBeNull();
  });
});
