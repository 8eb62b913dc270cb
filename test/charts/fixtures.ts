import type { Checkpoint, JobDetails } from '../../src/domain/job.js';
import { makeDetails } from '../views/fixtures.js';

/** Checkpoints at the given steps with a falling loss; accuracy only when asked. */
export function checkpointsAt(
  steps: number[],
  opts: { accuracy?: boolean; valid?: boolean } = {},
): Checkpoint[] {
  return steps.map((step, i) => ({
    step_number: step,
    created_at: 1_717_000_000 + step,
    metrics: {
      train_loss: 2 - i * 0.2,
      ...(opts.valid === false ? {} : { valid_loss: 2.1 - i * 0.15 }),
      ...(opts.accuracy ? { valid_mean_token_accuracy: 0.5 + i * 0.05 } : {}),
    },
  }));
}

export function jobWithCheckpoints(id: string, steps: number[], opts?: { accuracy?: boolean }): JobDetails {
  // Newest first, as some providers list them: the chart must sort by step itself.
  return makeDetails({ id, checkpoints: checkpointsAt(steps, opts).reverse() });
}
