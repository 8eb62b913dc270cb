import type { JobDetails } from '../domain/job.js';

/** The series a loss chart can draw, in legend order; the names are what the legend shows. */
export const SERIES = {
  train: 'Training loss',
  valid: 'Validation loss',
  accuracy: 'Validation accuracy',
} as const;

export type SeriesName = (typeof SERIES)[keyof typeof SERIES];

/** One checkpoint metric: a point of the chart. */
export interface ChartPoint {
  step: number;
  series: string;
  value: number;
}

const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** Checkpoints by step, oldest first; the provider's order is not trusted. A step seen twice keeps the last. */
function checkpointsByStep(job: JobDetails) {
  const byStep = new Map<number, JobDetails['checkpoints'][number]>();
  for (const c of job.checkpoints) if (Number.isFinite(c.step_number)) byStep.set(c.step_number, c);
  return [...byStep.values()].sort((a, b) => a.step_number - b.step_number);
}

/**
 * Every metric of the job's checkpoints that a loss chart draws: training loss, validation loss and,
 * where the provider reports it, validation token accuracy. Every adapter maps its provider's
 * metrics onto `Checkpoint.metrics` (Mistral and the OpenAI shape: checkpoints; Together: its
 * `/metrics` rows), so this reads nothing provider-specific.
 */
export function lossPoints(job: JobDetails): ChartPoint[] {
  const out: ChartPoint[] = [];
  for (const c of checkpointsByStep(job)) {
    const m = c.metrics;
    const step = c.step_number;
    if (finite(m.train_loss)) out.push({ step, series: SERIES.train, value: m.train_loss });
    if (finite(m.valid_loss)) out.push({ step, series: SERIES.valid, value: m.valid_loss });
    if (finite(m.valid_mean_token_accuracy)) {
      out.push({ step, series: SERIES.accuracy, value: m.valid_mean_token_accuracy });
    }
  }
  return out;
}

/** Validation loss by step, the one series a comparison overlays. */
export function validLossPoints(job: JobDetails): { step: number; value: number }[] {
  return checkpointsByStep(job).flatMap((c) =>
    finite(c.metrics.valid_loss) ? [{ step: c.step_number, value: c.metrics.valid_loss }] : [],
  );
}

/** True when a loss chart of the job would show at least one loss point. */
export function hasLossMetrics(job: JobDetails): boolean {
  return lossPoints(job).some((p) => p.series !== SERIES.accuracy);
}
