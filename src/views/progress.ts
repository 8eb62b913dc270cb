import type { Checkpoint, Job } from '../domain/job.js';

export interface Progress {
  step: number;
  total: number;
  /** 0–100, rounded down so a job never shows 100 % before it is done. */
  percent: number;
}

/** The checkpoint with the highest step: the API's order is not documented, so it is not trusted. */
export function latestCheckpoint(checkpoints: readonly Checkpoint[] | undefined): Checkpoint | undefined {
  let latest: Checkpoint | undefined;
  for (const c of checkpoints ?? []) if (!latest || c.step_number > latest.step_number) latest = c;
  return latest;
}

const positive = (n: number | null | undefined): n is number => typeof n === 'number' && n > 0;

/**
 * How many steps the job trains for. `hyperparameters.training_steps` is null for a job created
 * with epochs only; Mistral then says the size in `metadata` once the data is validated, where
 * `train_tokens` is the steps times `train_tokens_per_step` (Mistral's example: 1310720 /
 * 131072 = 10 steps). A partial last step still counts as a step, hence the rounding up.
 */
export function totalStepsOf(job: Job): number | undefined {
  const set = job.hyperparameters.training_steps;
  if (positive(set)) return set;
  const tokens = job.metadata?.train_tokens;
  const perStep = job.metadata?.train_tokens_per_step;
  if (positive(tokens) && positive(perStep)) return Math.ceil(tokens / perStep);
  return undefined;
}

/**
 * Latest checkpoint step over the total steps (`totalStepsOf`). List items carry no checkpoints, so
 * the argument may be a plain Job. A successful job is complete whatever its last checkpoint says.
 */
export function progressOf(job: Job & { checkpoints?: readonly Checkpoint[] }): Progress | undefined {
  const total = totalStepsOf(job);
  if (total === undefined) return undefined;
  if (job.status === 'SUCCESS') return { step: total, total, percent: 100 };
  const latest = latestCheckpoint(job.checkpoints);
  if (!latest) return undefined;
  const step = Math.min(Math.max(latest.step_number, 0), total);
  return { step, total, percent: Math.floor((step / total) * 100) };
}

const BAR_CELLS = 10;

/** "▓▓▓▓░░░░░░ 40 %": readable in a notification and on every client, unlike an image. */
export function progressBar(percent: number): string {
  const filled = Math.max(0, Math.min(BAR_CELLS, Math.round(percent / 10)));
  return `${'▓'.repeat(filled)}${'░'.repeat(BAR_CELLS - filled)} ${percent} %`;
}
