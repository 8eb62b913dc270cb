/**
 * The largest number of events inside any window of `windowMs` (half-open: [t, t + windowMs)). With
 * windowMs = 1000 a result of 1 means consecutive events were at least a second apart.
 */
export function maxPerWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[end] ?? 0) - (sorted[start] ?? 0) >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}
