import { WebClient } from '@slack/web-api';
import { LOCAL_BOT_TOKEN } from '../../devtools/local-stack.js';
import type { JobDetails } from '../../src/domain/job.js';
import { isTerminalStatus } from '../../src/domain/status.js';
import type { StoredWatch } from '../../src/store/watch-store.js';
import { transitionsOf } from '../../src/watch/transitions.js';
import type { BenchStack } from './app-stack.js';
import { closedLoop } from './closed-loop.js';

export interface WatchSeed {
  jobId: string;
  channel: string;
  /**
   * True: an active watch with a real card message in the stand-in, so the poller can edit it. False:
   * a watch that already ended (finished), which the poller skips.
   */
  live: boolean;
}

/**
 * Writes watches straight into the app's store, as if each had been started with `/finetune watch`
 * when the job was at its current state: card posted, every transition so far in the baseline.
 * Seeding through Slack instead would take hours at one post per second per channel. Watches are
 * written `concurrency` at a time (1 keeps the seeds' order in the store).
 */
export async function seedWatches(stack: BenchStack, seeds: WatchSeed[], concurrency = 32): Promise<void> {
  const { store, backend } = stack.app.pollDeps;
  const client = new WebClient(LOCAL_BOT_TOKEN, { slackApiUrl: stack.standin.apiUrl });
  const details = new Map<string, JobDetails>();
  const live = [...new Set(seeds.filter((s) => s.live).map((s) => s.jobId))];
  await closedLoop(live.length, concurrency, async (i) => {
    const jobId = live[i] as string;
    const job = await backend.getJob(jobId);
    // A live watch of a finished job would end without its terminal post: the scenario would be wrong.
    if (isTerminalStatus(job.status))
      throw new Error(`job ${jobId} already ended (${job.status}) when seeded`);
    details.set(jobId, job);
  });
  const nowMs = Date.now();
  await closedLoop(seeds.length, concurrency, async (i) => {
    const seed = seeds[i] as WatchSeed;
    const job = details.get(seed.jobId);
    let cardTs: string | undefined;
    if (seed.live) {
      const res = await client.chat.postMessage({ channel: seed.channel, text: `card of ${seed.jobId}` });
      cardTs = res.ts;
    }
    const watch: StoredWatch = {
      jobId: seed.jobId,
      channel: seed.channel,
      userId: 'U0000USER',
      createdAt: Math.floor(nowMs / 1000),
      state: seed.live ? 'active' : 'finished',
      ...(seed.live ? {} : { reason: 'Finished: SUCCESS.' }),
      startedMs: nowMs,
      baseline: job ? transitionsOf(job).map((t) => t.key) : [],
      ...(job ? { lastNotified: job.status } : {}),
      ...(cardTs ? { cardTs } : {}),
    };
    await store.put(watch);
  });
}
