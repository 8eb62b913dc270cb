import { isTerminalStatus } from '../domain/status.js';
import { PHASE_MS, planTimeline } from './lifecycle.js';
import type { JobRecord } from './types.js';

/**
 * When a job may begin training: once validated (plus the short auto-start pause) for an auto-start
 * job, at its start request otherwise; undefined while it waits for a start or never validates.
 */
function readyAtMs(r: JobRecord, speed: number): number | undefined {
  if (!r.dataCheck.ok) return undefined;
  const validated = r.createdAtMs + (PHASE_MS.queued + PHASE_MS.validating) / speed;
  if (r.autoStart) return validated + PHASE_MS.validatedAutoStart / speed;
  return r.startRequestedAtMs === undefined ? undefined : Math.max(r.startRequestedAtMs, validated);
}

/** Smallest first: the training slot that frees soonest. */
class MinHeap {
  private readonly a: number[] = [];
  get size(): number {
    return this.a.length;
  }
  push(x: number): void {
    const a = this.a;
    a.push(x);
    for (let i = a.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if ((a[p] as number) <= x) break;
      a[i] = a[p] as number;
      a[p] = x;
      i = p;
    }
  }
  pop(): number {
    const a = this.a;
    const top = a[0] as number;
    const last = a.pop() as number;
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && (a[l] as number) < (a[m] as number)) m = l;
        if (r < a.length && (a[r] as number) < (a[m] as number)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m] as number, a[i] as number];
        i = m;
      }
    }
    return top;
  }
}

/**
 * A provider's cap on jobs training at once (OpenAI and Together limit concurrent jobs per
 * organisation; the rest wait `queued`): every job ready to train gets the first free slot, first
 * come first served, and its start waits until then (`slotAtMs`). A job cancelled while it waits
 * never takes a slot; a cancelled running one frees its slot when the cancel completes.
 *
 * Depends on the records only, never on the clock: with new jobs and requests always ready at or
 * after "now", recomputing after a change never rewrites the past. O(n log n) in the jobs.
 */
export function assignSlots(records: Iterable<JobRecord>, maxRunning: number, speed: number): void {
  const ready: Array<{ r: JobRecord; at: number }> = [];
  for (const r of records) {
    delete r.slotAtMs;
    const at = readyAtMs(r, speed);
    if (at !== undefined) ready.push({ r, at });
  }
  ready.sort((x, y) => x.at - y.at || x.r.seq - y.r.seq);
  const busyUntil = new MinHeap();
  for (const { r, at } of ready) {
    const freed = busyUntil.size < maxRunning ? undefined : busyUntil.pop();
    const slot = freed === undefined ? at : Math.max(at, freed);
    if (slot > at) r.slotAtMs = slot;
    // Cancelled while waiting: its plan ends before the slot, which stays free for the next.
    if (r.cancelRequestedAtMs !== undefined && r.cancelRequestedAtMs < slot) {
      if (freed !== undefined) busyUntil.push(freed);
      continue;
    }
    const end = planTimeline(r, speed).find((t) => isTerminalStatus(t.status));
    // Without an end (cannot happen once started) the slot stays taken for good.
    busyUntil.push(end ? end.atMs : Number.POSITIVE_INFINITY);
  }
}
