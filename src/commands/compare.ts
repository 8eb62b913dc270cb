import { MAX_COMPARED_JOBS, renderCompareChart, validLossPoints } from '../charts/index.js';
import type { JobDetails } from '../domain/job.js';
import { viewContext } from '../use-cases/deps.js';
import { findJob } from '../use-cases/find-job.js';
import { replyNotice } from '../use-cases/reply.js';
import { shareChart } from '../use-cases/share-chart.js';
import { buildCompareCaption, CHART_TEXT, chartRefusedSentence } from '../views/chart-messages.js';
import { slackErrorCode } from '../watch/slack-errors.js';
import type { CommandContext } from './context.js';

/**
 * `/finetune compare <job> <job>…`: the validation loss of two to five jobs on one chart, shared in
 * the conversation (no single card thread fits several jobs); the answer is ephemeral.
 */
export async function handleCompare({ args, respond, deps, command }: CommandContext): Promise<void> {
  const refs = [...new Set(args.map((a) => a.trim()).filter(Boolean))];
  if (refs.length > MAX_COMPARED_JOBS) {
    return replyNotice(respond, deps, CHART_TEXT.compareTooMany(refs.length, MAX_COMPARED_JOBS));
  }
  if (refs.length < 2) return replyNotice(respond, deps, CHART_TEXT.compareTooFew(MAX_COMPARED_JOBS));
  const jobs: JobDetails[] = [];
  for (const ref of refs) {
    // An unknown, ambiguous or malformed ref is answered by findJob, naming it; nothing is posted.
    const job = await findJob(deps, respond, ref);
    if (!job) return;
    if (!jobs.some((j) => j.id === job.id)) jobs.push(job);
  }
  if (jobs.length < 2) return replyNotice(respond, deps, CHART_TEXT.compareTooFew(MAX_COMPARED_JOBS));
  const without = jobs.filter((j) => validLossPoints(j).length === 0).map((j) => j.id);
  if (without.length > 0) return replyNotice(respond, deps, CHART_TEXT.noValidationLoss(without));
  const chart = await renderCompareChart(jobs);
  try {
    await shareChart(deps, {
      channel: command.channel_id,
      chart,
      caption: buildCompareCaption(viewContext(deps), jobs, command.user_id),
      stem: `valid-loss-${jobs.length}-jobs`,
    });
  } catch (err) {
    const code = slackErrorCode(err);
    if (!code) throw err;
    deps.logger.warn({ err, channel: command.channel_id }, 'Slack refused a comparison chart');
    return replyNotice(respond, deps, chartRefusedSentence(code));
  }
  await replyNotice(respond, deps, CHART_TEXT.comparePosted(jobs.length));
}
