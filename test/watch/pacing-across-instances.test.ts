import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PollRig, startPollRig } from '../helpers/poll-rig.js';
import { REDIS_SKIP, type RedisServer, startRedis } from '../helpers/redis.js';

/** Shorter than Slack's 1050 ms so the test is quick; the spacing rule is the same at any gap. */
const GAP = 400;
const CHANNEL = 'CPACE';
const PER_INSTANCE = 4;

describe.skipIf(REDIS_SKIP)('post pacing across instances on one Redis', () => {
  let redis: RedisServer;
  let rig: PollRig;
  beforeAll(async () => {
    redis = await startRedis();
    rig = await startPollRig({ storeUrl: redis.url, poster: { postGapMs: GAP } });
  });
  afterAll(async () => {
    await rig?.close();
    await redis?.stop();
  });

  it('two instances posting to one channel at once: Slack sees every two posts a full gap apart', async () => {
    // Two composed cores over the same Redis and Slack, as two processes would be.
    const instances = { a: rig.deps.poster, b: rig.restart().poster };
    const texts = (name: string) => Array.from({ length: PER_INSTANCE }, (_, i) => `${name}${i}`);
    await Promise.all(
      Object.entries(instances).flatMap(([name, poster]) =>
        texts(name).map((text) => poster.post({ channel: CHANNEL, message: { text, blocks: [] } })),
      ),
    );

    const posts = rig.standin
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === CHANNEL)
      .sort((x, y) => x.at - y.at);
    expect(posts).toHaveLength(2 * PER_INSTANCE);
    // Arrival times on the stand-in's clock, which is the machine's, as is Redis's: no slack needed.
    const gaps = posts.slice(1).map((p, i) => p.at - (posts[i]?.at ?? 0));
    expect(gaps.filter((g) => g < GAP)).toEqual([]);
    // Each instance's own posts still reach the channel in the order they were made.
    const order = rig.standin.channelMessages(CHANNEL).map((m) => m.text);
    for (const name of Object.keys(instances)) {
      expect(order.filter((t) => t.startsWith(name))).toEqual(texts(name));
    }
  }, 30_000);
});
