import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PollReport } from '../../src/poller/poll-once.js';
import { cronPattern, startPoller } from '../../src/poller/schedule.js';
import { createKeyvFactory, type KeyvFactory } from '../../src/store/keyv-factory.js';
import { type PollRig, startPollRig } from '../helpers/poll-rig.js';
import { REDIS_SKIP, type RedisServer, startRedis } from '../helpers/redis.js';
import { eventually } from '../helpers/watch-fixtures.js';

describe('cronPattern', () => {
  it('uses a seconds field below a minute and minutes above', () => {
    expect(cronPattern(1)).toBe('*/1 * * * * *');
    expect(cronPattern(30)).toBe('*/30 * * * * *');
    expect(cronPattern(120)).toBe('0 */2 * * * *');
  });
});

describe.skipIf(REDIS_SKIP)('several instances over Redis', () => {
  let redis: RedisServer;
  let kv: KeyvFactory;
  let rig: PollRig;
  beforeAll(async () => {
    redis = await startRedis();
    kv = createKeyvFactory(redis.url, () => undefined);
    rig = await startPollRig();
  });
  afterAll(async () => {
    await kv?.close();
    await rig?.close();
    await redis?.stop();
  });

  it('runs each slot on exactly one instance, and the other takes over when one stops', async () => {
    const runs: { who: string; at: number }[] = [];
    const start = (who: string) =>
      startPoller({
        deps: rig.deps,
        intervalSeconds: 1,
        redis: kv.redis,
        logger: pino({ level: 'silent' }),
        onReport: (r: PollReport) => runs.push({ who, at: Math.floor(r.at / 1000) }),
      });
    const a = start('a');
    const b = start('b');
    await eventually(async () => runs.length >= 4, 10_000);
    const seconds = runs.map((r) => r.at);
    expect(new Set(seconds).size).toBe(seconds.length);
    await a.stop();
    const before = runs.filter((r) => r.who === 'b').length;
    await eventually(async () => runs.filter((r) => r.who === 'b').length >= before + 2, 10_000);
    await b.stop();
  });
});
