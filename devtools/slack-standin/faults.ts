import { resolveChannel } from './ids.js';
import type { FaultSpec } from './types.js';

export interface FaultHit {
  error: string;
  status: number;
  retryAfterSeconds: number | undefined;
  afterProcessing: boolean;
}

interface ActiveFault {
  spec: FaultSpec;
  remaining: number;
}

/** Injected failures, consumed in the order they were added; each fires `times` times. */
export class FaultTable {
  private faults: ActiveFault[] = [];

  add(spec: FaultSpec): void {
    this.faults.push({ spec, remaining: spec.times ?? 1 });
  }

  clear(): void {
    this.faults = [];
  }

  /** The fault to answer this call with, if any; decrements its counter. */
  take(method: string, channel: string | undefined): FaultHit | undefined {
    const f = this.faults.find(
      (x) =>
        x.remaining > 0 &&
        x.spec.method === method &&
        (x.spec.channel === undefined ||
          (channel !== undefined && resolveChannel(x.spec.channel) === channel)),
    );
    if (!f) return undefined;
    f.remaining -= 1;
    const { spec } = f;
    // 'ratelimited' is only ever sent by Slack together with HTTP 429, so one implies the other.
    const status = spec.status ?? (spec.error === 'ratelimited' ? 429 : 200);
    const error = spec.error ?? (status === 429 ? 'ratelimited' : 'internal_error');
    const retryAfterSeconds = status === 429 ? (spec.retryAfterSeconds ?? 1) : undefined;
    return { error, status, retryAfterSeconds, afterProcessing: spec.afterProcessing ?? false };
  }
}
