import type { SlackMessage } from '../views/types.js';

export interface UpdatePacerOptions {
  /** chat.update is Tier 3 (about 50 per minute); default 50. */
  updatesPerMinute?: number;
  /** How many edits may go out at once before pacing starts; default 20. */
  updateBurst?: number;
}

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
 * card is sent, and every caller learns the outcome of that one call.
 */
export function createUpdatePacer(send: Send, opts: UpdatePacerOptions = {}) {
  const perMs = (opts.updatesPerMinute ?? 50) / 60_000;
  const burst = opts.updateBurst ?? 20;
  let tokens = burst;
  let refilledAt = Date.now();
  const queue = new Map<string, Pending>();
  let running = false;

  const refill = () => {
    const t = Date.now();
    tokens = Math.min(burst, tokens + (t - refilledAt) * perMs);
    refilledAt = t;
  };

  async function drain() {
    running = true;
    try {
      while (queue.size > 0) {
        refill();
        if (tokens < 1) {
          await new Promise((r) => setTimeout(r, Math.ceil((1 - tokens) / perMs)));
          continue;
        }
        tokens -= 1;
        const [key, item] = queue.entries().next().value as [string, Pending];
        queue.delete(key);
        await send(item.channel, item.ts, item.message).then(item.resolve, item.reject);
      }
    } finally {
      running = false;
    }
  }

  return {
    update(channel: string, ts: string, message: SlackMessage): Promise<void> {
      const key = `${channel}:${ts}`;
      const waiting = queue.get(key);
      if (waiting) {
        waiting.message = message;
        return waiting.done;
      }
      let resolve!: () => void;
      let reject!: (e: unknown) => void;
      const done = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      queue.set(key, { channel, ts, message, done, resolve, reject });
      if (!running) void drain();
      return done;
    },
  };
}
