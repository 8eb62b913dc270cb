import type { Chart } from '../charts/index.js';
import { isLiveWatch } from '../domain/watch.js';
import type { ChartCaption } from '../views/chart-messages.js';
import type { AppDeps } from './deps.js';

/** The card thread of a live watch of the job in this channel, where a chart of it belongs. */
export async function cardThreadOf(
  deps: AppDeps,
  jobId: string,
  channel: string,
): Promise<string | undefined> {
  const watches = await deps.watches.watching(channel);
  return watches.find((w) => w.jobId === jobId && isLiveWatch(w) && w.cardTs)?.cardTs;
}

/** Shares a rendered chart in the conversation (in `threadTs` when given), through the paced queue. */
export function shareChart(
  deps: AppDeps,
  o: { channel: string; threadTs?: string; chart: Chart; caption: ChartCaption; stem: string },
): Promise<string> {
  return deps.uploads.upload({
    channel: o.channel,
    ...(o.threadTs ? { threadTs: o.threadTs } : {}),
    file: o.chart.png.data,
    // On demand: a new chart every time, so the name only needs to say what it is and when.
    filename: `${o.stem}-${Math.floor(deps.now() / 1000)}.png`,
    title: o.caption.title,
    altText: o.chart.altText,
    initialComment: o.caption.comment,
  });
}
