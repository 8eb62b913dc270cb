import type { JobDetails } from '../domain/job.js';
import { shortId } from './escape.js';
import { metricParts } from './format.js';
import { WATCH_BLOCK } from './ids.js';
import { section } from './kit.js';
import { finishMessage } from './message.js';
import { latestCheckpoint, progressOf } from './progress.js';
import { statusLabel, statusWord } from './status.js';
import type { SlackMessage, ViewContext } from './types.js';

/** "step 40/100 · train loss 1.23": what a reader of the thread wants next to the status. */
export function progressLine(job: JobDetails): string {
  const parts: string[] = [];
  const p = progressOf(job);
  if (p && job.status !== 'SUCCESS') parts.push(`step ${p.step}/${p.total}`);
  const m = latestCheckpoint(job.checkpoints)?.metrics;
  parts.push(...metricParts(m, { accuracy: false }));
  return parts.join(' · ');
}

/** One short thread reply per status transition, e.g. "🏃 RUNNING · step 40/100 · train loss 1.23". */
export function buildTransitionReply(ctx: ViewContext, job: JobDetails, status: string): SlackMessage {
  const extra = status === job.status ? progressLine(job) : '';
  const line = [statusLabel(status), extra].filter(Boolean).join(' · ');
  const fallback = `Job ${shortId(job.id)}: ${statusWord(status)}`;
  return finishMessage(ctx, fallback, [section(WATCH_BLOCK.transition, line)]);
}
