/** One number a benchmark measured, optionally beside the baseline it is judged against. */
export interface Measurement {
  /** What was measured, e.g. "ack p50". */
  metric: string;
  /** Unit of `ours` and `baseline.value`, e.g. "ms", "calls", "MB". */
  unit: string;
  ours: number;
  /**
   * Measured (or counted) in the same run, never remembered from an earlier one, so the ratio
   * survives a slow or busy machine.
   */
  baseline?: { label: string; value: number };
}

export interface BenchResult {
  measurements: Measurement[];
  /** One line each: the setup and anything a reader needs to interpret the numbers. */
  notes: string[];
}

/** A file `bench/<name>.bench.ts` default-exports one of these. */
export interface Benchmark {
  /** Short title for the table and the doc section. */
  title: string;
  /** What it shows and why it matters, one or two sentences. */
  description: string;
  run(): Promise<BenchResult>;
}

/** ours / baseline, or undefined when there is no usable baseline. */
export function ratioOf(m: Measurement): number | undefined {
  if (!m.baseline || m.baseline.value === 0) return undefined;
  return m.ours / m.baseline.value;
}
