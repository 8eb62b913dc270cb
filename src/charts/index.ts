import type { JobDetails } from '../domain/job.js';
import { type Png, renderPng, renderSvg } from './render.js';
import { lossPoints, SERIES, validLossPoints } from './series.js';
import { buildCompareChartSpec, buildLossChartSpec } from './spec.js';

export { hasLossMetrics, validLossPoints } from './series.js';
export { MAX_COMPARED_JOBS } from './spec.js';

/** A rendered chart and the words that go with it in Slack. */
export interface Chart {
  svg: string;
  png: Png;
  /** A sentence for screen readers (Slack's `alt_text`, at most 1000 characters). */
  altText: string;
}

const fmt = (n: number) => String(Math.round(n * 10_000) / 10_000);

function lastOf(points: { step: number; series: string; value: number }[], series: string) {
  return points.filter((p) => p.series === series).at(-1);
}

/** What the loss chart shows, in words. */
export function lossAltText(job: JobDetails): string {
  const points = lossPoints(job);
  const parts = [SERIES.train, SERIES.valid, SERIES.accuracy].flatMap((s) => {
    const p = lastOf(points, s);
    return p ? [`${s.toLowerCase()} ${fmt(p.value)} at step ${p.step}`] : [];
  });
  const steps = new Set(points.map((p) => p.step)).size;
  return `Training and validation loss by step for job ${job.id}, ${steps} checkpoints: ${parts.join(', ')}.`.slice(
    0,
    1000,
  );
}

/** The loss chart of one job: training and validation loss (and accuracy where there is one) by step. */
export async function renderLossChart(job: JobDetails): Promise<Chart> {
  const svg = await renderSvg(buildLossChartSpec(job));
  return { svg, png: await renderPng(svg), altText: lossAltText(job) };
}

/** Validation loss of several jobs on one chart. */
export async function renderCompareChart(jobs: readonly JobDetails[]): Promise<Chart> {
  const svg = await renderSvg(buildCompareChartSpec(jobs));
  const parts = jobs.map((j) => {
    const last = validLossPoints(j).at(-1);
    return last ? `${j.id} ${fmt(last.value)} at step ${last.step}` : j.id;
  });
  return {
    svg,
    png: await renderPng(svg),
    altText: `Validation loss by step of ${jobs.length} jobs: ${parts.join('; ')}.`.slice(0, 1000),
  };
}
