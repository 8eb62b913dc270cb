import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcessChannelSlots, redisChannelSlots } from '../../src/store/channel-slots.js';
import { createKeyvFactory, type KeyvFactory } from '../../src/store/keyv-factory.js';
import type { RedisClient } from '../../src/store/redis-client.js';
import { REDIS_SKIP, type RedisServer, startRedis } from '../helpers/redis.js';

describe('in-process channel slots', () => {
  const clock = () => {
    let t = 0;
    return {
      now: () => t,
      to(ms: number) {
        t = ms;
      },
    };
  };

  it('gives a channel one slot per gap and tells a caller how long to wait', async () => {
    const c = clock();
    const slots = inProcessChannelSlots(c.now);
    expect(await slots.take('C1', 1000)).toBe(0);
    expect(await slots.take('C2', 1000)).toBe(0);
    c.to(400);
    expect(await slots.take('C1', 1000)).toBe(600);
    c.to(1000);
    expect(await slots.take('C1', 1000)).toBe(0);
  });

  it('starts the gap again when the post is answered, never sooner than the slot allowed', async () => {
    const c = clock();
    const slots = inProcessChannelSlots(c.now);
    await slots.take('C1', 1000);
    c.to(300);
    await slots.restartGap('C1', 1000);
    c.to(1000);
    expect(await slots.take('C1', 1000)).toBe(300);
  });

  it('forgets a channel once its gap has passed, so it holds only recently posted channels', async () => {
    const c = clock();
    const slots = inProcessChannelSlots(c.now);
    for (let i = 0; i < 100; i++) await slots.take(`C${i}`, 1000);
    expect(slots.size).toBe(100);
    c.to(999);
    await slots.take('CNEW', 1000);
    expect(slots.size).toBe(101);
    c.to(1000);
    await slots.take('CNEW', 1000);
    expect(slots.size).toBe(1);
    c.to(5000);
    await slots.restartGap('CLAST', 1000);
    expect(slots.size).toBe(1);
  });
});

describe.skipIf(REDIS_SKIP)('Redis channel slots', () => {
  let redis: RedisServer;
  let kv: KeyvFactory;
  let raw: RedisClient;
  let prefixes = 0;
  // A fresh key prefix per test, so each starts with no slot taken.
  const fresh = () => {
    const prefix = `test:${++prefixes}`;
    const open = kv.redis as NonNullable<KeyvFactory['redis']>;
    return { prefix, a: redisChannelSlots(open, prefix), b: redisChannelSlots(open, prefix) };
  };
  beforeAll(async () => {
    redis = await startRedis();
    kv = createKeyvFactory(redis.url, () => undefined);
    raw = await (kv.redis as NonNullable<KeyvFactory['redis']>)();
  });
  afterAll(async () => {
    await kv?.close();
    await redis?.stop();
  });

  it('gives the slot to one instance; the other is told to wait what is left of the gap', async () => {
    const { prefix, a, b } = fresh();
    expect(await a.take('C1', 60_000)).toBe(0);
    const wait = await b.take('C1', 60_000);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60_000);
    expect(await b.take('C2', 60_000)).toBe(0);
    expect(await raw.pTTL(`${prefix}:pace:C1`)).toBeGreaterThan(0);
  });

  it('restarting the gap sets the channel key to expire a full gap from now', async () => {
    const { prefix, a } = fresh();
    await a.take('C1', 50);
    await a.restartGap('C1', 60_000);
    expect(await raw.pTTL(`${prefix}:pace:C1`)).toBeGreaterThan(50);
  });

  it('a channel key left without an expiry gets the gap instead of holding the channel for ever', async () => {
    const { prefix, a } = fresh();
    await raw.set(`${prefix}:pace:C1`, 'stray', {});
    expect(await a.take('C1', 60_000)).toBe(60_000);
    const left = await raw.pTTL(`${prefix}:pace:C1`);
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThanOrEqual(60_000);
  });
});
