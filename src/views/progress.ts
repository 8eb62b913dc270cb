import type { Checkpoint, Job } from '../backend/types.js';

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

/**
 * Latest checkpoint step over `hyperparameters.training_steps`. List items carry no checkpoints, so
 * the argument may be a plain Job. A successful job is complete whatever its last checkpoint says.
 */
export function progressOf(job: Job & { checkpoints?: readonly Checkpoint[] }): Progress | undefined {
  const total = job.hyperparameters.training_steps;
  if (typeof total !== 'number' || !(total > 0)) return undefined;
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
