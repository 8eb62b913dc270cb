import cron, { type Logger as CronLogger } from 'node-cron';
import type { Logger } from 'pino';
import type { RedisClient } from '../store/redis-client.js';
import { type PollDeps, type PollReport, pollOnce } from './poll-once.js';
import {
  redisSlotCoordinator,
  type SlotCoordinator,
  type SlotOutcome,
  type SlotWork,
} from './redis-lease.js';

export interface PollerOptions {
  deps: PollDeps;
  intervalSeconds: number;
  /** With Redis (several instances): one pass per slot across all of them, never two at once. */
  redis?: () => Promise<RedisClient>;
  logger: Logger;
  /** Called after every pass this instance ran (tests, benchmarks). */
  /** After each pass: what it did, and how long it took (ms, wall clock). */
  onReport?: (report: PollReport, durationMs: number) => void;
}

export interface Poller {
  stop(): Promise<void>;
}

/** Slot k covers [k·N, (k+1)·N) seconds since the Unix epoch: every instance agrees on the slots. */
export function slotOf(epochMs: number, intervalSeconds: number): number {
  return Math.floor(epochMs / (intervalSeconds * 1000));
}

/**
 * How long the pass lease lives unrenewed, i.e. how long a dead instance can hold up the others:
 * half the interval, from 1 s to 5 s. At most N − 1 s for N ≥ 2, so the survivor still starts the
 * next slot's pass within one interval of the death.
 */
export function passLeaseMs(intervalSeconds: number): number {
  return Math.min(5_000, Math.max(1_000, intervalSeconds * 500));
}

export interface TickerOptions {
  intervalSeconds: number;
  /** When the poller started (ms): the first pass is at the next slot, not at once. */
  startMs: number;
  pass: (slot: number) => ReturnType<SlotWork>;
  /** Several instances: who runs which slot. Without it every slot runs here. */
  coordinator?: SlotCoordinator;
}

/**
 * What the poller does on each one-second tick, given the tick's time: the first tick of a new slot
 * starts that slot's pass, so passes are N seconds apart for any N, which a cron step pattern cannot
 * say (a 45 s step in the seconds field fires at :00 and :45 of every minute). "First tick of a new slot" rather than "second % N === 0", so a
 * late tick delays a pass by a second instead of skipping an interval. 'busy' (a pass running on
 * another instance) leaves the slot open until the next tick; a failure (Redis away) closes it, so it
 * is logged once per slot and the next slot tries again.
 */
export function createTicker(o: TickerOptions): (atMs: number) => Promise<void> {
  let closed = slotOf(o.startMs, o.intervalSeconds);
  return async (atMs) => {
    const slot = slotOf(atMs, o.intervalSeconds);
    if (slot <= closed) return;
    let outcome: SlotOutcome = 'ran';
    try {
      if (o.coordinator) outcome = await o.coordinator.runSlot(slot, () => o.pass(slot));
      else await o.pass(slot);
    } finally {
      // A throw leaves outcome 'ran': the failure uses up the slot.
      if (outcome !== 'busy') closed = slot;
    }
  };
}

function cronLogger(logger: Logger): CronLogger {
  const log = logger.child({ component: 'node-cron' });
  return {
    info: (m) => log.info(m),
    // Ticks come every second, so noOverlap drops ticks during any pass longer than a second; that is
    // expected. A pass that really outlasts its interval gets its own warning (see startPoller).
    warn: (m) => (m.startsWith('task still running') ? log.debug(m) : log.warn(m)),
    error: (m, err) => log.error({ err: err ?? m }, typeof m === 'string' ? m : 'node-cron error'),
    debug: (m, err) => log.debug({ err }, typeof m === 'string' ? m : 'node-cron'),
  };
}

/**
 * Wires `pollOnce` to node-cron: a one-second tick (noOverlap, so never two passes in this process)
 * feeding `createTicker`. With Redis the slots are shared through `redisSlotCoordinator` rather than
 * node-cron's `distributed` hook: that hook elects one instance per cron tick and tells the others
 * nothing, while here most ticks must be skipped without asking Redis, and a slot whose winner is
 * blocked by a running pass must be retried at the next tick.
 */
export function startPoller(o: PollerOptions): Poller {
  const n = o.intervalSeconds;
  const delivering = new Set<Promise<unknown>>();
  const runPass = async (slot: number): Promise<{ tail: Promise<unknown> }> => {
    o.logger.debug({ slot }, 'poll pass started');
    const started = Date.now();
    const postsBefore = o.deps.poster.counts.posts;
    const report = await pollOnce(o.deps);
    // Logged once its posts are out (the pass does not wait for them), with what they were.
    void report.delivered.then((r) => {
      const posts = o.deps.poster.counts.posts - postsBefore;
      const errors = [...report.errors, ...r.errors];
      if (errors.length > 0 || posts > 0)
        o.logger.debug({ report: { ...report, delivered: undefined, posts, errors } }, 'poll pass');
    });
    if (slotOf(Date.now(), n) > slot) {
      o.logger.warn(
        { slot, intervalSeconds: n },
        'poll pass outlasted POLL_INTERVAL_SECONDS: the next pass starts late, and slots it covered are skipped',
      );
    }
    o.onReport?.(report, Date.now() - started);
    // The posts go out after the pass; with several instances the lease is held until they have.
    delivering.add(report.delivered);
    void report.delivered.finally(() => delivering.delete(report.delivered));
    return { tail: report.delivered };
  };
  const tick = createTicker({
    intervalSeconds: n,
    startMs: Date.now(),
    pass: runPass,
    coordinator: o.redis
      ? redisSlotCoordinator(o.redis, { intervalSeconds: n, passLeaseMs: passLeaseMs(n) })
      : undefined,
  });
  let current: Promise<void> | undefined;
  const task = cron.schedule(
    '* * * * * *',
    async (ctx) => {
      current = tick(ctx.date.getTime()).catch((err: unknown) => {
        // The poller never dies: a failed pass (e.g. Redis away) is logged and the next slot runs.
        o.logger.error({ err }, 'poll pass could not run');
      });
      await current;
    },
    { name: 'finetune-poll', noOverlap: true, logger: cronLogger(o.logger), suppressMissedWarning: true },
  );
  return {
    async stop() {
      await task.destroy();
      // Let a pass in flight, and the posts it started, finish their writes before the store closes.
      await current;
      await Promise.allSettled([...delivering]);
    },
  };
}
