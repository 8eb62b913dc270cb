import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SlackPoster } from '../../src/watch/slack-poster.js';
import { type PollRig, startPollRig } from '../helpers/poll-rig.js';
import { pollSettled } from '../helpers/poll-settled.js';
import { REDIS_SKIP, type RedisServer, startRedis } from '../helpers/redis.js';
import { createFastJob, eventually } from '../helpers/watch-fixtures.js';

/**
 * The poller's poster, except that a failed card edit and a failed thread post of one card are
 * answered together: each failure is held until the other one of its card arrives, then both
 * reject in the same tick. So the two disables of each watch (one from the paced edit, one from the
 * pass) always run side by side, as they may by chance in production.
 */
function failInPairs(poster: SlackPoster): SlackPoster {
  const held = new Map<string, (() => void)[]>();
  const pair = <T>(key: string, call: Promise<T>): Promise<T> =>
    call.catch(
      (err: unknown) =>
        new Promise<T>((_, reject) => {
          const waiting = held.get(key) ?? [];
          waiting.push(() => reject(err));
          held.set(key, waiting);
          if (waiting.length < 2) return;
          held.delete(key);
          for (const release of waiting) release();
        }),
    );
  return {
    counts: poster.counts,
    stats: () => poster.stats(),
    post: (input) =>
      input.threadTs ? pair(`${input.channel}:${input.threadTs}`, poster.post(input)) : poster.post(input),
    update: (channel, ts, message, opts) =>
      pair(`${channel}:${ts}`, poster.update(channel, ts, message, opts)),
    idle: () => poster.idle(),
    find: (channel, key, opts) => poster.find(channel, key, opts),
    openDm: (userId) => poster.openDm(userId),
  };
}

// One channel per test: the Redis suite's tests share one server.
const CHANNEL = 'C0ARCHIVED';
const RESTART_CHANNEL = 'C0ARCHIVED2';
const OWNER = 'U0ARCHOWNER';
const WATCHES = 4;

function suite(storeUrl: () => string | undefined) {
  let rig: PollRig;
  afterEach(async () => {
    await rig?.close();
  });

  it('an archived channel: the failed card edit and the failed thread post of each watch DM its owner once', async () => {
    rig = await startPollRig({ speed: 1, storeUrl: storeUrl() });
    const ids: string[] = [];
    for (let i = 0; i < WATCHES; i++) {
      const job = await createFastJob(rig.deps.backend);
      ids.push(job.id);
      await rig.service.watch({ jobId: job.id, channel: CHANNEL, userId: OWNER });
    }
    for (const method of ['chat.update', 'chat.postMessage']) {
      rig.standin.injectFault({
        method,
        channel: CHANNEL,
        error: 'is_archived',
        times: Number.POSITIVE_INFINITY,
      });
    }
    rig.deps.poster = failInPairs(rig.deps.poster);
    // QUEUED → VALIDATING: every card needs an edit and every thread a reply, in one pass.
    rig.advance(6000);
    await pollSettled(rig.deps);

    const disabled = await eventually(async () => {
      const ws = await rig.service.watching(CHANNEL);
      return ws.length === WATCHES && ws.every((w) => w.state === 'disabled') && ws;
    });
    for (const w of disabled) expect(w.reason).toBe('Disabled: the channel was archived.');
    await eventually(async () => rig.standin.dms(OWNER).length >= WATCHES);
    await rig.deps.poster.idle();
    // A later pass, and a restarted process, leave the disabled watches (and their owner) alone.
    await pollSettled(rig.deps);
    await pollSettled(rig.restart());

    const dms = rig.standin.dms(OWNER);
    for (const id of ids) expect(dms.filter((m) => m.text.includes(id))).toHaveLength(1);
    expect(dms).toHaveLength(WATCHES);
  });

  it('a process that dies between the DM and the disabled state: after the restart, no second DM', async () => {
    rig = await startPollRig({ speed: 1, storeUrl: storeUrl() });
    // Sandbox job ids repeat from sandbox to sandbox (fixed seeds) and the Redis suite's tests share
    // one store: a second job has an id the other test's job did not.
    await createFastJob(rig.deps.backend);
    const job = await createFastJob(rig.deps.backend);
    await rig.service.watch({ jobId: job.id, channel: RESTART_CHANNEL, userId: OWNER });
    for (const method of ['chat.update', 'chat.postMessage']) {
      rig.standin.injectFault({
        method,
        channel: RESTART_CHANNEL,
        error: 'is_archived',
        times: Number.POSITIVE_INFINITY,
      });
    }
    // The first process never gets to write the disabled state: it dies right after the DM.
    const store = rig.deps.store;
    rig.deps.store = {
      ...store,
      put: (w) => (w.state === 'disabled' ? Promise.reject(new Error('killed')) : store.put(w)),
    };
    rig.advance(6000);
    await pollSettled(rig.deps);
    await eventually(async () => rig.standin.dms(OWNER).length > 0);
    await rig.deps.poster.idle();
    expect((await rig.service.watching(RESTART_CHANNEL))[0]?.state).toBe('active');

    // The restarted process meets the archived channel again and disables the watch, DM already sent.
    const after = rig.restart();
    await pollSettled(after);
    const [w] = await eventually(async () => {
      const ws = await rig.service.watching(RESTART_CHANNEL);
      return ws[0]?.state === 'disabled' && ws;
    });
    expect(w?.reason).toBe('Disabled: the channel was archived.');
    await after.poster.idle();
    await pollSettled(after);
    expect(rig.standin.dms(OWNER)).toHaveLength(1);
  });
}

describe('a disabled watch DMs its owner once (SQLite)', () => {
  suite(() => undefined);
});

describe.skipIf(REDIS_SKIP)('a disabled watch DMs its owner once (Redis)', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  suite(() => redis.url);
});
