import type { JobDetails } from '../domain/job.js';
import { code, shortId } from './escape.js';
import { progressOf } from './progress.js';
import { sandboxNote } from './strings.js';
import type { ViewContext } from './types.js';

/** The words beside a chart file in Slack: its title and the comment above it. */
export interface ChartCaption {
  title: string;
  comment: string;
}

/** A milestone (25/50/75 % of the steps) or the end of training. */
export type ChartMoment = { percent: number } | { end: string };

/** File names say what a chart is; the outbox adds its key's hash (see `upload-once.ts`). */
export function chartFileStem(jobId: string, moment: ChartMoment | 'now'): string {
  const safe = jobId.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 60) || 'job';
  const at = moment === 'now' ? 'now' : 'percent' in moment ? `${moment.percent}pct` : 'final';
  return `loss-${safe}-${at}`;
}

const withSandbox = (ctx: ViewContext, text: string) =>
  ctx.sandbox ? `${text}\n${sandboxNote(ctx.provider)}` : text;

function stepText(job: JobDetails): string {
  const p = progressOf(job);
  return p ? ` (step ${p.step} of ${p.total})` : '';
}

/** The chart a watch posts in the card's thread. */
export function buildWatchChartCaption(ctx: ViewContext, job: JobDetails, moment: ChartMoment): ChartCaption {
  const id = code(shortId(job.id));
  if ('percent' in moment) {
    return {
      title: `Loss of ${job.id} at ${moment.percent} %`,
      comment: withSandbox(ctx, `📈 Loss of job ${id} at ${moment.percent} % of training${stepText(job)}.`),
    };
  }
  return {
    title: `Loss of ${job.id}, ${moment.end}`,
    comment: withSandbox(ctx, `📈 Final loss curve of job ${id} (${code(moment.end)}).`),
  };
}

/** `/finetune chart <job>`: the chart someone asked for, and who asked. */
export function buildRequestedChartCaption(ctx: ViewContext, job: JobDetails, userId: string): ChartCaption {
  return {
    title: `Loss of ${job.id}`,
    comment: withSandbox(ctx, `📈 Loss of job ${code(shortId(job.id))}${stepText(job)}, for <@${userId}>.`),
  };
}

/** `/finetune compare …`: validation loss of several jobs. */
export function buildCompareCaption(
  ctx: ViewContext,
  jobs: readonly JobDetails[],
  userId: string,
): ChartCaption {
  return {
    title: `Validation loss of ${jobs.map((j) => shortId(j.id)).join(', ')}`,
    comment: withSandbox(
      ctx,
      `📉 Validation loss of ${jobs.map((j) => code(shortId(j.id))).join(', ')}, for <@${userId}>.`,
    ),
  };
}

/** The answers of `chart` and `compare`, ephemeral; job ids and refs arrive as typed or from the API. */
export const CHART_TEXT = {
  posted: (jobId: string, inThread: boolean) =>
    `Posted the loss chart of job ${code(shortId(jobId))} ${inThread ? 'in the thread of its card here' : 'in this conversation'}.`,
  comparePosted: (n: number) => `Posted the validation loss of ${n} jobs in this conversation.`,
  oneJobOnly:
    'Give one job: `/finetune chart &lt;job&gt;`. To overlay several, use `/finetune compare &lt;job&gt; &lt;job&gt;…`.',
  noMetricsYet: (jobId: string, status: string) =>
    `Job ${code(shortId(jobId))} (${code(status)}) has no loss metrics yet: they come with its first checkpoint, once training is under way.`,
  compareTooFew: (max: number) =>
    `Give two to ${max} different jobs: \`/finetune compare &lt;job&gt; &lt;job&gt;…\`.`,
  compareTooMany: (given: number, max: number) => `At most ${max} jobs fit on one chart; you gave ${given}.`,
  noValidationLoss: (jobIds: readonly string[]) =>
    `No validation loss yet for ${jobIds.map((j) => code(shortId(j))).join(', ')}: a job reports it at its checkpoints, and only when it has a validation file.`,
};

/** Why Slack would not take the chart, for the person who asked. */
export function chartRefusedSentence(slackError: string): string {
  switch (slackError) {
    case 'not_in_channel':
    case 'channel_not_found':
      return 'I cannot post files in this conversation: invite me with `/invite`, or ask in a channel I am in.';
    case 'missing_scope':
      return 'The app cannot upload files yet: it needs the `files:write` scope (reinstall it from `manifest.yml`).';
    case 'file_uploads_disabled':
    case 'file_upload_size_restricted':
      return 'This workspace does not allow the app to upload files.';
    default:
      return `Slack would not take the chart (${code(slackError)}).`;
  }
}
