import { hasLossMetrics, renderLossChart } from '../charts/index.js';
import type { JobDetails } from '../domain/job.js';
import { isTerminalStatus } from '../domain/status.js';
import type { StoredWatch } from '../store/watch-store.js';
import { buildWatchChartCaption, type ChartMoment, chartFileStem } from '../views/chart-messages.js';
import { progressOf } from '../views/progress.js';
import { patchWatch } from './patch-watch.js';
import { isPermanentSlackError, slackErrorCode } from './slack-errors.js';
import { uploadOnce } from './upload-once.js';
import type { WatchDeps } from './watch-deps.js';

/** A chart in the card's thread at each quarter of the steps; the last quarter is the final chart. */
export const CHART_MILESTONES = [25, 50, 75] as const;

/** What a watch records (in `posted`, or `baseline`) once a chart is out: `chart@50`, `chart@end`. */
const markOf = (m: number | 'end') => `chart@${m}`;

/**
 * The milestones a job has already passed: part of a new watch's baseline, like its past statuses,
 * so a watch begun at 60 % posts its next chart at 75 %, not one for 25 % and 50 % at once.
 */
export function chartsPassed(job: JobDetails): string[] {
  const percent = progressOf(job)?.percent ?? 0;
  return CHART_MILESTONES.filter((m) => percent >= m).map(markOf);
}

/** The chart the watch owes now, if any: the final one, or the highest milestone reached and not yet posted. */
function dueChart(w: StoredWatch, job: JobDetails): { mark: string; moment: ChartMoment } | undefined {
  const done = new Set([...w.baseline, ...(w.posted ?? [])]);
  if (isTerminalStatus(job.status)) {
    return done.has(markOf('end')) ? undefined : { mark: markOf('end'), moment: { end: job.status } };
  }
  const percent = progressOf(job)?.percent ?? 0;
  const reached = CHART_MILESTONES.filter((m) => percent >= m);
  const top = reached[reached.length - 1];
  if (top === undefined) return undefined;
  // A pass that jumped two quarters (a slow poll, a restart) posts the later chart only.
  if (CHART_MILESTONES.some((m) => m >= top && done.has(markOf(m)))) return undefined;
  return { mark: markOf(top), moment: { percent: top } };
}

class ChartRenderError extends Error {
  constructor(cause: unknown) {
    super('could not render the loss chart', { cause });
    this.name = 'ChartRenderError';
  }
}

/**
 * Posts the loss chart the watch owes (a milestone, or the final chart after the terminal summary)
 * into the card's thread, exactly once (`uploadOnce`), paced with the channel's posts. A job
 * without loss metrics gets no chart. Slack refusing the file for a reason of its own (no
 * `files:write` scope, uploads disabled) skips that chart and keeps the watch; errors that stop
 * every post (channel gone, app removed) and transient ones are thrown, as from any other post.
 */
export async function postDueChart(d: WatchDeps, w: StoredWatch, job: JobDetails): Promise<StoredWatch> {
  const cardTs = w.cardTs;
  const due = dueChart(w, job);
  if (!cardTs || !due || !hasLossMetrics(job)) return w;
  const key = `chart:${w.jobId}:${w.channel}:${w.startedMs}:${due.mark}`;
  try {
    await uploadOnce(d, {
      key,
      channel: w.channel,
      threadTs: cardTs,
      jobId: w.jobId,
      stem: chartFileStem(job.id, due.moment),
      build: async () => {
        const chart = await renderLossChart(job).catch((err: unknown) => {
          throw new ChartRenderError(err);
        });
        const caption = buildWatchChartCaption(d.view(), job, due.moment);
        return {
          file: chart.png.data,
          title: caption.title,
          altText: chart.altText,
          initialComment: caption.comment,
        };
      },
    });
  } catch (err) {
    const code = slackErrorCode(err);
    const skip = err instanceof ChartRenderError || (code !== undefined && !isPermanentSlackError(err));
    if (!skip) throw err;
    d.logger.warn({ err, jobId: w.jobId, channel: w.channel, code }, 'skipped a loss chart');
    await d.store.deletePost(key);
  }
  return (await patchWatch(d, w, { posted: [...(w.posted ?? []), due.mark] })) ?? w;
}
