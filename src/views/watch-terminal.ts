import type { JobDetails, JobEvent } from '../domain/job.js';
import { code, escapeMrkdwn, shortId } from './escape.js';
import { formatDuration, metricParts } from './format.js';
import { WATCH_BLOCK } from './ids.js';
import { costOf } from './job-card-metadata.js';
import { field, fieldsSection, section } from './kit.js';
import { finishMessage } from './message.js';
import { latestCheckpoint } from './progress.js';
import { statusLabel, statusWord } from './status.js';
import type { SlackMessage, ViewContext } from './types.js';
import { mrkdwnLink, wandbLink } from './wandb.js';

/** When the job reached `status`: its status event, else its last modification. */
function finishedAt(job: JobDetails, status: string): number {
  const ev = [...job.events]
    .reverse()
    .find((e: JobEvent) => e.name === 'status-updated' && e.data?.status === status);
  return ev?.created_at ?? job.modified_at;
}

/** The W&B run link (the API's url, else built from the entity), or the project name. */
export function wandbText(job: JobDetails, entity?: string): string | undefined {
  const first = job.integrations.find((i) => i.type === 'wandb');
  if (!first) return undefined;
  const link = wandbLink(first, entity);
  return link.url ? mrkdwnLink(link.url, link.label) : escapeMrkdwn(link.label);
}

function summaryFields(ctx: ViewContext, job: JobDetails, status: string): string[] {
  const out: string[] = [];
  if (job.fine_tuned_model) out.push(field('Fine-tuned model', code(job.fine_tuned_model)));
  const m = latestCheckpoint(job.checkpoints)?.metrics;
  const metrics = metricParts(m);
  if (metrics.length > 0) out.push(field('Final metrics', metrics.join(' · ')));
  out.push(field('Duration', formatDuration(finishedAt(job, status) - job.created_at)));
  const cost = costOf(job.metadata);
  if (cost) out.push(field('Cost', escapeMrkdwn(cost)));
  const wandb = wandbText(job, ctx.wandbEntity);
  if (wandb) out.push(field('Weights &amp; Biases', wandb));
  return out;
}

/** Why a job failed, when Mistral said (the status event's `error`). */
function failureReason(job: JobDetails, status: string): string | undefined {
  const ev = [...job.events].reverse().find((e) => e.data?.status === status);
  const error = ev?.data?.error;
  return typeof error === 'string' && error !== '' ? escapeMrkdwn(error) : undefined;
}

/**
 * The terminal thread reply (broadcast to the channel as the watch's settings say): the outcome and
 * everything worth keeping. `mention`: who is told of a failure, already in mrkdwn (`<@U…>`).
 */
export function buildTerminalSummary(
  ctx: ViewContext,
  job: JobDetails,
  status: string,
  mention?: string,
): SlackMessage {
  const reason = failureReason(job, status);
  const head = `${mention ? `${mention} ` : ''}${statusLabel(status)} · fine-tuning job ${code(shortId(job.id))} (${escapeMrkdwn(job.model)}) finished${reason ? `: ${reason}` : '.'}`;
  const fallback = `Job ${shortId(job.id)} finished: ${statusWord(status)}`;
  return finishMessage(ctx, fallback, [
    section(WATCH_BLOCK.summary, head),
    fieldsSection(WATCH_BLOCK.summaryFields, summaryFields(ctx, job, status)),
  ]);
}

/** The DM to whoever created the job through the bot: same summary, pointing at the channel. */
export function buildCreatorDm(
  ctx: ViewContext,
  job: JobDetails,
  status: string,
  channel: string,
): SlackMessage {
  const summary = buildTerminalSummary(ctx, job, status);
  const where = `Your fine-tuning job ${code(shortId(job.id))} finished (updates in <#${channel}>).`;
  return finishMessage(ctx, summary.text, [
    section(WATCH_BLOCK.notice, where),
    ...summary.blocks.slice(0, 2),
  ]);
}
