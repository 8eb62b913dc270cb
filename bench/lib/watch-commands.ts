import type { SlackDriver } from '../../devtools/slack-driver.js';
import type { SlackStandin } from '../../devtools/slack-standin.js';

export interface ChannelWatches {
  channel: string;
  jobIds: string[];
}

export interface WatchOutcome {
  /** Commands answered "Watching job …" (a new watch, its card posted). */
  watching: number;
  /** Commands answered anything else. */
  others: number;
  /** The first few of those answers, verbatim. */
  otherSamples: string[];
  ms: number;
}

/**
 * Resolves response_url posts by their id as the stand-in receives them. One scan of the new
 * posts every few ms, instead of one `waitFor` per command re-filtering every post on every call
 * (quadratic at 10,000 commands).
 */
function responseTracker(standin: SlackStandin, everyMs = 25) {
  const waiting = new Map<string, (body: Record<string, unknown>) => void>();
  let seen = 0;
  const timer = setInterval(() => {
    const all = standin.responses;
    for (; seen < all.length; seen++) {
      const r = all[seen];
      const resolve = r && waiting.get(r.id);
      if (r && resolve) {
        waiting.delete(r.id);
        resolve(r.body);
      }
    }
  }, everyMs);
  return {
    next(responseUrl: string, timeoutMs: number): Promise<Record<string, unknown>> {
      const id = responseUrl.split('/').pop() as string;
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`no answer to a command within ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.set(id, (body) => {
          clearTimeout(t);
          resolve(body);
        });
      });
    },
    stop: () => clearInterval(timer),
  };
}

/**
 * `/finetune watch <job>` typed in each channel, one after another per channel (a person waits for
 * the answer before the next command) and all channels at once, as a team would. Each answer comes
 * once the card is posted, and cards are paced at one post per second per channel, so the time is
 * about the longest channel's count in seconds.
 */
export async function watchByCommands(
  driver: SlackDriver,
  standin: SlackStandin,
  plan: readonly ChannelWatches[],
  user = 'U0BENCHSCALE',
): Promise<WatchOutcome> {
  const tracker = responseTracker(standin);
  const t0 = performance.now();
  let watching = 0;
  let others = 0;
  const otherSamples: string[] = [];
  try {
    await Promise.all(
      plan.map(async ({ channel, jobIds }) => {
        for (const id of jobIds) {
          const res = await driver.command(`watch ${id}`, { channel, user });
          if (res.status !== 200) throw new Error(`/finetune watch answered HTTP ${res.status}`);
          const body = await tracker.next(res.responseUrl, 120_000);
          const text = typeof body.text === 'string' ? body.text : JSON.stringify(body);
          if (text.startsWith('Watching job')) watching++;
          else if (others++ < 5) otherSamples.push(text);
        }
      }),
    );
  } finally {
    tracker.stop();
  }
  return { watching, others, otherSamples, ms: performance.now() - t0 };
}
