import type { TopLevelSpec } from 'vega-lite';
import type { ColorDef, PositionDef } from 'vega-lite/types_unstable/channeldef.js';
import type { UnitSpec } from 'vega-lite/types_unstable/spec/unit.js';
import type { JobDetails } from '../domain/job.js';
import { lossPoints, SERIES, validLossPoints } from './series.js';

/** Every chart has this size in pixels (plot area), so messages in a thread line up. */
export const CHART_WIDTH = 720;
export const CHART_HEIGHT = 320;
/** The one font the charts use; the PNG renderer loads it from `dejavu-fonts-ttf`, never from the system. */
export const CHART_FONT = 'DejaVu Sans';
/** At most this many jobs in one comparison: more lines than colours anyone can tell apart. */
export const MAX_COMPARED_JOBS = 5;

const STEP_AXIS: PositionDef<string> = {
  field: 'step',
  type: 'quantitative',
  title: 'Step',
  axis: { tickMinStep: 1 },
};

const base: Pick<TopLevelSpec, '$schema' | 'background' | 'padding' | 'config'> & {
  width: number;
  height: number;
} = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  width: CHART_WIDTH,
  height: CHART_HEIGHT,
  background: 'white',
  padding: 12,
  config: { font: CHART_FONT, legend: { orient: 'bottom', labelLimit: 260 } },
};

/** "step 40 of 100 · RUNNING": where the job stood when the chart was drawn. */
function subtitle(job: JobDetails): string {
  const last = job.checkpoints.reduce((m, c) => Math.max(m, c.step_number), 0);
  const total = job.hyperparameters.training_steps;
  const at = total ? `step ${last} of ${total}` : `step ${last}`;
  return `${job.model} · ${at} · ${job.status}`;
}

/**
 * Training and validation loss by step (a point at every checkpoint), and the validation token
 * accuracy on its own right-hand axis where the provider reports one. Pure: the same job gives the
 * same spec, so the same SVG and the same PNG bytes.
 */
export function buildLossChartSpec(job: JobDetails): TopLevelSpec {
  const values = lossPoints(job);
  const hasAccuracy = values.some((p) => p.series === SERIES.accuracy);
  const domain = hasAccuracy ? [SERIES.train, SERIES.valid, SERIES.accuracy] : [SERIES.train, SERIES.valid];
  const color: ColorDef<string> = {
    field: 'series',
    type: 'nominal',
    title: null,
    scale: { domain, range: ['#4c78a8', '#f58518', '#54a24b'] },
  };
  const loss: UnitSpec<string> = {
    transform: [{ filter: `datum.series !== '${SERIES.accuracy}'` }],
    mark: { type: 'line', point: true },
    encoding: {
      x: STEP_AXIS,
      y: { field: 'value', type: 'quantitative', title: 'Loss', scale: { zero: false } },
      color,
    },
  };
  const accuracy: UnitSpec<string> = {
    transform: [{ filter: `datum.series === '${SERIES.accuracy}'` }],
    mark: { type: 'line', point: true, strokeDash: [4, 3] },
    encoding: {
      x: STEP_AXIS,
      y: {
        field: 'value',
        type: 'quantitative',
        title: 'Accuracy',
        scale: { domain: [0, 1] },
        axis: { orient: 'right' },
      },
      color,
    },
  };
  return {
    ...base,
    title: { text: `Loss · ${job.id}`, subtitle: subtitle(job), anchor: 'start' },
    data: { values },
    layer: hasAccuracy ? [loss, accuracy] : [loss],
    ...(hasAccuracy ? { resolve: { scale: { y: 'independent' } } } : {}),
  };
}

/** Validation loss of up to `MAX_COMPARED_JOBS` jobs on one chart, one line per job id. */
export function buildCompareChartSpec(jobs: readonly JobDetails[]): TopLevelSpec {
  const shown = jobs.slice(0, MAX_COMPARED_JOBS);
  const values = shown.flatMap((j) => validLossPoints(j).map((p) => ({ ...p, job: j.id })));
  return {
    ...base,
    // The ids are in the legend; five of them in a subtitle would widen the chart past a phone's screen.
    title: { text: 'Validation loss', subtitle: `${shown.length} jobs, by step`, anchor: 'start' },
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: STEP_AXIS,
      y: { field: 'value', type: 'quantitative', title: 'Validation loss', scale: { zero: false } },
      color: {
        field: 'job',
        type: 'nominal',
        title: 'Job',
        scale: { domain: shown.map((j) => j.id) },
        // Full ids, two a row: a cut id could not be told from another job's.
        legend: { columns: 2, labelLimit: 360 },
      },
    },
  };
}
