import { hasLossMetrics, renderLossChart } from '../charts/index.js';
import { viewContext } from '../use-cases/deps.js';
import { findJob } from '../use-cases/find-job.js';
import { replyNotice } from '../use-cases/reply.js';
import { cardThreadOf, shareChart } from '../use-cases/share-chart.js';
import {
  buildRequestedChartCaption,
  CHART_TEXT,
  chartFileStem,
  chartRefusedSentence,
} from '../views/chart-messages.js';
import { whichJobSentence } from '../views/index.js';
import { slackErrorCode } from '../watch/slack-errors.js';
import type { CommandContext } from './context.js';

/**
 * `/finetune chart <job>`: the job's loss chart now. Slack has no ephemeral files, so the chart is
 * shared where the question was asked: in the thread of the job's card when it has one here
 * (next to its history, the channel stays quiet), else in the conversation, saying who asked. The
 * confirmation and every refusal are ephemeral.
 */
export async function handleChart({ args, respond, deps, command, spec }: CommandContext): Promise<void> {
  const [ref, ...extra] = args;
  if (!ref) return replyNotice(respond, deps, whichJobSentence(spec));
  if (extra.length > 0) return replyNotice(respond, deps, CHART_TEXT.oneJobOnly);
  const job = await findJob(deps, respond, ref);
  if (!job) return;
  if (!hasLossMetrics(job)) return replyNotice(respond, deps, CHART_TEXT.noMetricsYet(job.id, job.status));
  const channel = command.channel_id;
  const threadTs = await cardThreadOf(deps, job.id, channel);
  const chart = await renderLossChart(job);
  try {
    await shareChart(deps, {
      channel,
      threadTs,
      chart,
      caption: buildRequestedChartCaption(viewContext(deps), job, command.user_id),
      stem: chartFileStem(job.id, 'now'),
    });
  } catch (err) {
    const code = slackErrorCode(err);
    if (!code) throw err;
    deps.logger.warn({ err, jobId: job.id, channel }, 'Slack refused a requested chart');
    return replyNotice(respond, deps, chartRefusedSentence(code));
  }
  await replyNotice(respond, deps, CHART_TEXT.posted(job.id, threadTs !== undefined));
}
