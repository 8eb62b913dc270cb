import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PollReport } from '../../src/poller/poll-once.js';
import {
  redisSlotCoordinator,
  type SlotCoordinator,
  type SlotOutcome,
} from '../../src/poller/redis-lease.js';
import { createTicker, passLeaseMs, slotOf, startPoller } from '../../src/poller/schedule.js';
import { createKeyvFactory, type KeyvFactory } from '../../src/store/keyv-factory.js';
import { type PollRig, startPollRig } from '../helpers/poll-rig.js';
import { REDIS_SKIP, type RedisServer, startRedis } from '../helpers/redis.js';
import { eventually } from '../helpers/watch-fixtures.js';

// 12:00:07 UTC: not on a slot boundary for any interval below.
const START = Date.UTC(2026, 2, 1, 12, 0, 7);

/** Drives a ticker once a second from `fromMs` (exclusive) for `seconds`, as node-cron would. */
async function tickEverySecond(tick: (atMs: number) => Promise<void>, fromMs: number, seconds: number) {
  for (let s = 1; s <= seconds; s++) await tick(fromMs + s * 1000);
}

function recordingTicker(intervalSeconds: number, coordinator?: SlotCoordinator) {
  const passes: number[] = [];
  let now = 0;
  const ticker = createTicker({
    intervalSeconds,
    startMs: START,
    coordinator,
    pass: async () => {
      passes.push(now);
    },
  });
  const tick = (atMs: number) => {
    now = atMs;
    return ticker(atMs);
  };
  return { passes, tick };
}

/** A pass that runs until `end()`, and says whether it has started. */
function heldPass() {
  let release: () => void = () => undefined;
  let started = false;
  const work = async () => {
    started = true;
    await new Promise<void>((done) => {
      release = done;
    });
    return undefined;
  };
  return { work, started: () => started, end: () => release() };
}

describe('createTicker', () => {
  it.each([45, 59, 90])(
    'runs a pass every %i seconds exactly, on multiples of it since the epoch',
    async (n) => {
      const { passes, tick } = recordingTicker(n);
      await tickEverySecond(tick, START, 12 * n);
      expect(passes).toHaveLength(12);
      for (const at of passes) expect((at / 1000) % n).toBe(0);
      const gaps = passes.slice(1).map((at, i) => (at - (passes[i] as number)) / 1000);
      expect(new Set(gaps)).toEqual(new Set([n]));
    },
  );

  it('starts the first pass at the first slot after start, not at start', async () => {
    const { passes, tick } = recordingTicker(30);
    await tick(START + 1000);
    expect(passes).toEqual([]);
    await tickEverySecond(tick, START, 30);
    expect(passes).toEqual([Date.UTC(2026, 2, 1, 12, 0, 30)]);
  });

  it('runs a slot whose first tick was missed at the next tick, and the next slot on time', async () => {
    const { passes, tick } = recordingTicker(30);
    const boundary = Date.UTC(2026, 2, 1, 12, 0, 30);
    for (let at = START + 1000; at <= boundary + 30_000; at += 1000) {
      if (at !== boundary) await tick(at);
    }
    expect(passes).toEqual([boundary + 1000, boundary + 30_000]);
  });

  it('asks again at the next tick while another instance is busy, and not once the slot is taken', async () => {
    const answers: SlotOutcome[] = ['busy', 'busy', 'taken', 'ran'];
    const asked: number[] = [];
    const coordinator: SlotCoordinator = {
      async runSlot(slot, work) {
        asked.push(slot);
        const answer = answers.shift() ?? 'ran';
        if (answer === 'ran') await work();
        return answer;
      },
    };
    const { passes, tick } = recordingTicker(10, coordinator);
    // 12:00:10 busy, :11 busy, :12 taken (nothing until :20), :20 ran.
    await tickEverySecond(tick, START, 13);
    const first = slotOf(Date.UTC(2026, 2, 1, 12, 0, 10), 10);
    expect(asked).toEqual([first, first, first, first + 1]);
    expect(passes).toEqual([Date.UTC(2026, 2, 1, 12, 0, 20)]);
  });

  it('gives up a slot whose attempt failed (one error per slot) and tries the next slot', async () => {
    let calls = 0;
    const coordinator: SlotCoordinator = {
      async runSlot(_slot, work) {
        calls++;
        if (calls === 1) throw new Error('Redis away');
        await work();
        return 'ran';
      },
    };
    const { passes, tick } = recordingTicker(10, coordinator);
    await expect(tick(Date.UTC(2026, 2, 1, 12, 0, 10))).rejects.toThrow('Redis away');
    await tick(Date.UTC(2026, 2, 1, 12, 0, 11));
    await tick(Date.UTC(2026, 2, 1, 12, 0, 20));
    expect(calls).toBe(2);
    expect(passes).toEqual([Date.UTC(2026, 2, 1, 12, 0, 20)]);
  });
});

describe('passLeaseMs', () => {
  it('lets a dead instance hold the others up for less than an interval (from 2 s up)', () => {
    for (const n of [2, 3, 10, 30, 45, 3600]) expect(passLeaseMs(n) + 1000).toBeLessThanOrEqual(n * 1000);
    expect(passLeaseMs(1)).toBe(1000);
    expect(passLeaseMs(30)).toBe(5000);
  });
});

describe('startPoller without Redis', () => {
  let rig: PollRig;
  beforeAll(async () => {
    rig = await startPollRig();
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('runs one pass a second at an interval of 1 s', async () => {
    const runs: number[] = [];
    const poller = startPoller({
      deps: rig.deps,
      intervalSeconds: 1,
      logger: pino({ level: 'silent' }),
      onReport: (r) => runs.push(Math.floor(r.at / 1000)),
    });
    await eventually(async () => runs.length >= 3, 10_000);
    await poller.stop();
    expect(new Set(runs).size).toBe(runs.length);
  });
});

describe.skipIf(REDIS_SKIP)('several instances over Redis', () => {
  let redis: RedisServer;
  let kv: KeyvFactory;
  let rig: PollRig;
  let prefixes = 0;
  // A fresh key prefix per test, so each starts with no lease and no slot taken.
  const coordinatorOn = (kvf: KeyvFactory, leaseMs: number, prefix: string) =>
    redisSlotCoordinator(kvf.redis as NonNullable<KeyvFactory['redis']>, {
      intervalSeconds: 10,
      passLeaseMs: leaseMs,
      prefix,
    });
  const newPrefix = () => `test:poll:${++prefixes}`;
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

  it('gives each slot to one instance only', async () => {
    const prefix = newPrefix();
    const a = coordinatorOn(kv, 1000, prefix);
    const b = coordinatorOn(kv, 1000, prefix);
    const ran: string[] = [];
    expect(await a.runSlot(7, async () => void ran.push('a7'))).toBe('ran');
    expect(await b.runSlot(7, async () => void ran.push('b7'))).toBe('taken');
    expect(await b.runSlot(8, async () => void ran.push('b8'))).toBe('ran');
    expect(await a.runSlot(8, async () => void ran.push('a8'))).toBe('taken');
    expect(ran).toEqual(['a7', 'b8']);
  });

  it('never starts a pass while another instance runs one, however long it runs', async () => {
    const prefix = newPrefix();
    // A 300 ms lease and a pass held for 1.2 s: only renewal keeps the lease.
    const a = coordinatorOn(kv, 300, prefix);
    const b = coordinatorOn(kv, 300, prefix);
    const pass = heldPass();
    const running = a.runSlot(1, pass.work);
    await eventually(async () => pass.started(), 5_000);
    const answers: SlotOutcome[] = [];
    for (let i = 0; i < 12; i++) {
      answers.push(await b.runSlot(2, async () => undefined));
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(new Set(answers)).toEqual(new Set(['busy']));
    pass.end();
    expect(await running).toBe('ran');
    expect(await b.runSlot(2, async () => undefined)).toBe('ran');
  });

  it('keeps other instances out while the posts a pass started are still going out, not itself', async () => {
    const prefix = newPrefix();
    const a = coordinatorOn(kv, 300, prefix);
    const b = coordinatorOn(kv, 300, prefix);
    let deliver: () => void = () => undefined;
    const tail = new Promise<void>((done) => {
      deliver = done;
    });
    // The pass returns at once; its posts (the tail) are still on their way.
    expect(await a.runSlot(1, async () => ({ tail }))).toBe('ran');
    const answers: SlotOutcome[] = [];
    for (let i = 0; i < 6; i++) {
      answers.push(await b.runSlot(2, async () => undefined));
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(new Set(answers)).toEqual(new Set(['busy']));
    // The instance that is posting runs its own next pass (it knows what it is still sending).
    expect(await a.runSlot(2, async () => undefined)).toBe('ran');
    deliver();
    await eventually(async () => (await b.runSlot(3, async () => undefined)) === 'ran', 5_000);
  });

  it('lets another instance run the next slot once a dead instance’s lease lapses, without rerunning its slot', async () => {
    const prefix = newPrefix();
    const dyingKv = createKeyvFactory(redis.url, () => undefined);
    const dying = coordinatorOn(dyingKv, 300, prefix);
    const survivor = coordinatorOn(kv, 300, prefix);
    const pass = heldPass();
    const abandoned = dying.runSlot(1, pass.work).catch(() => 'lost');
    await eventually(async () => pass.started(), 5_000);
    // Its connection goes mid-pass, as when the process is killed: no more renewals, no release.
    await dyingKv.close();
    expect(await survivor.runSlot(2, async () => undefined)).toBe('busy');
    await eventually(async () => (await survivor.runSlot(2, async () => undefined)) === 'ran', 5_000);
    expect(await survivor.runSlot(1, async () => undefined)).toBe('taken');
    pass.end();
    await abandoned;
  });

  it('runs each slot on exactly one instance, and the other takes over when one stops', async () => {
    const runs: { who: string; start: number; end: number }[] = [];
    const start = (who: string) =>
      startPoller({
        deps: rig.deps,
        intervalSeconds: 1,
        redis: kv.redis,
        logger: pino({ level: 'silent' }),
        onReport: (r: PollReport) => runs.push({ who, start: r.at, end: Date.now() }),
      });
    const a = start('a');
    const b = start('b');
    await eventually(async () => runs.length >= 4, 10_000);
    const seconds = runs.map((r) => Math.floor(r.start / 1000));
    expect(new Set(seconds).size).toBe(seconds.length);
    for (let i = 1; i < runs.length; i++) {
      expect(runs[i]?.start, 'no pass starts before the previous one ended').toBeGreaterThanOrEqual(
        runs[i - 1]?.end as number,
      );
    }
    await a.stop();
    const before = runs.filter((r) => r.who === 'b').length;
    await eventually(async () => runs.filter((r) => r.who === 'b').length >= before + 2, 10_000);
    await b.stop();
  });
});
