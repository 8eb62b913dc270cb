import type { SlackMessage } from '../views/types.js';

export interface UpdatePacerOptions {
  /** chat.update is Tier 3 (about 50 per minute); default 50. */
  updatesPerMinute?: number;
  /** How many edits may go out at once before pacing starts; default 20. */
  updateBurst?: number;
}

/** chat.update is Tier 3: about 50 calls a minute per workspace. */
export const DEFAULT_UPDATES_PER_MINUTE = 50;

type Send = (channel: string, ts: string, message: SlackMessage) => Promise<void>;

interface Pending {
  channel: string;
  ts: string;
  message: SlackMessage;
  done: Promise<void>;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/**
 * Card edits through a token bucket. Edits of one message that wait are coalesced: only the latest
 * card is sent, and every caller learns the outcome of that one call. Urgent edits (a status
 * change) go before routine ones (progress), so a finished job's card is not stuck behind the
 * progress of a hundred running ones.
 */
export function createUpdatePacer(send: Send, opts: UpdatePacerOptions = {}) {
  const perMs = (opts.updatesPerMinute ?? DEFAULT_UPDATES_PER_MINUTE) / 60_000;
  const burst = opts.updateBurst ?? 20;
  let tokens = burst;
  let refilledAt = Date.now();
  const urgent = new Map<string, Pending>();
  const routine = new Map<string, Pending>();
  let drained: Promise<void> = Promise.resolve();
  let running = false;

  const refill = () => {
    const t = Date.now();
    tokens = Math.min(burst, tokens + (t - refilledAt) * perMs);
    refilledAt = t;
  };

  const next = (): Pending | undefined => {
    const queue = urgent.size > 0 ? urgent : routine;
    const first = queue.entries().next();
    if (first.done) return undefined;
    queue.delete(first.value[0]);
    return first.value[1];
  };

  async function drain() {
    try {
      while (urgent.size + routine.size > 0) {
        refill();
        if (tokens < 1) {
          // Unref'd: queued card edits alone never keep the process alive.
          await new Promise((r) => setTimeout(r, Math.ceil((1 - tokens) / perMs)).unref());
          continue;
        }
        const item = next();
        if (!item) break;
        tokens -= 1;
        await send(item.channel, item.ts, item.message).then(item.resolve, item.reject);
      }
    } finally {
      running = false;
    }
  }

  return {
    update(channel: string, ts: string, message: SlackMessage, isUrgent = false): Promise<void> {
      const key = `${channel}:${ts}`;
      const waiting = urgent.get(key) ?? routine.get(key);
      if (waiting) {
        waiting.message = message;
        if (isUrgent && routine.delete(key)) urgent.set(key, waiting);
        return waiting.done;
      }
      let resolve!: () => void;
      let reject!: (e: unknown) => void;
      const done = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      (isUrgent ? urgent : routine).set(key, { channel, ts, message, done, resolve, reject });
      if (!running) {
        running = true;
        drained = drain();
      }
      return done;
    },
    /** Edits waiting to be sent (the one being sent is not counted); O(1). */
    queued: (): number => urgent.size + routine.size,
    /** Resolves once every queued edit has been sent (or has failed). */
    async idle(): Promise<void> {
      while (running) await drained;
    },
  };
}
