import type { KnownBlock } from '@slack/types';
import type { Hyperparameters, JobDetails } from '../domain/job.js';
import { code } from './escape.js';
import { metricParts } from './format.js';
import { BLOCK } from './ids.js';
import { fieldsSection, section } from './kit.js';
import { latestCheckpoint, progressBar, progressOf } from './progress.js';

/** A job may have hundreds of files; the first few identify it, the count tells the rest. */
export const MAX_FILES_SHOWN = 5;

const HYPERPARAMETERS: readonly (keyof Hyperparameters)[] = [
  'training_steps',
  'learning_rate',
  'weight_decay',
  'warmup_fraction',
  'epochs',
  'seq_len',
  'fim_ratio',
];

export function fileList(ids: readonly string[]): string {
  const shown = ids.slice(0, MAX_FILES_SHOWN).map(code).join(', ');
  const more = ids.length - MAX_FILES_SHOWN;
  return more > 0 ? `${shown} … and ${more} more` : shown;
}

/** Progress bar and the latest metrics (also the compact card of an unfurl). */
export function progressText(job: JobDetails): string | undefined {
  const lines: string[] = [];
  const p = progressOf(job);
  const cp = latestCheckpoint(job.checkpoints);
  if (p) lines.push(`*Progress* \`${progressBar(p.percent)}\` · step ${p.step} of ${p.total}`);
  // No total known (neither training_steps nor token metadata): the step reached still tells something.
  else if (cp) lines.push(`*Progress* step ${cp.step_number} (total not known yet)`);
  const m = cp?.metrics;
  const metrics = metricParts(m, { asCode: true });
  if (cp && metrics.length > 0)
    lines.push(`*Latest metrics* (step ${cp.step_number}): ${metrics.join(' · ')}`);
  return lines.length > 0 ? lines.join('\n') : undefined;
}

/** Progress, hyperparameters and data files: what the job trains and how far it got. */
export function buildCardTraining(job: JobDetails): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  const progress = progressText(job);
  if (progress) blocks.push(section(BLOCK.jobProgress, progress));
  const hp = HYPERPARAMETERS.flatMap((k) => {
    const v = job.hyperparameters[k];
    return v == null ? [] : [`*${k}*\n${String(v)}`];
  });
  if (hp.length > 0) blocks.push(fieldsSection(BLOCK.jobHyperparameters, hp, '*Hyperparameters*'));
  const files: string[] = [];
  if (job.training_files.length > 0) {
    files.push(`*Training files (${job.training_files.length}):* ${fileList(job.training_files)}`);
  }
  if (job.validation_files.length > 0) {
    files.push(`*Validation files (${job.validation_files.length}):* ${fileList(job.validation_files)}`);
  }
  if (files.length > 0) blocks.push(section(BLOCK.jobFiles, files.join('\n')));
  return blocks;
}
