import { randomUUID } from 'node:crypto';
import cron, { type Logger as CronLogger } from 'node-cron';
import type { Logger } from 'pino';
import type { RedisClient } from '../store/redis-client.js';
import { type PollDeps, type PollReport, pollOnce } from './poll-once.js';
import { redisLease, redisRunCoordinator } from './redis-lease.js';

export interface PollerOptions {
  deps: PollDeps;
  intervalSeconds: number;
  /** With Redis (several instances): elect one instance per slot and hold a poll lease. */
  redis?: () => Promise<RedisClient>;
  logger: Logger;
  /** Called after every pass this instance ran (tests, benchmarks). */
  onReport?: (report: PollReport) => void;
}

export interface Poller {
  stop(): Promise<void>;
}

/** A cron pattern firing every `s` seconds (seconds field first; rounded to what cron can express). */
export function cronPattern(s: number): string {
  if (s < 60) return `*/${s} * * * * *`;
  const m = Math.round(s / 60);
  if (m < 60) return `0 */${m} * * * *`;
  return `0 0 */${Math.min(23, Math.round(m / 60))} * * *`;
}

function cronLogger(logger: Logger): CronLogger {
  const log = logger.child({ component: 'node-cron' });
  return {
    info: (m) => log.info(m),
    warn: (m) => log.warn(m),
    error: (m, err) => log.error({ err: err ?? m }, typeof m === 'string' ? m : 'node-cron error'),
    debug: (m, err) => log.debug({ err }, typeof m === 'string' ? m : 'node-cron'),
  };
}

/** Wires `pollOnce` to node-cron: no overlap in this process, and with Redis none across instances. */
export function startPoller(o: PollerOptions): Poller {
  const intervalMs = o.intervalSeconds * 1000;
  const instanceId = randomUUID();
  const lease = o.redis ? redisLease(o.redis, 'finetune:poll-lease', Math.max(2000, intervalMs)) : undefined;
  const runPass = async () => {
    const report = lease ? await lease.run(() => pollOnce(o.deps)) : await pollOnce(o.deps);
    if (report) {
      if (report.errors.length > 0 || report.posts > 0) o.logger.debug({ report }, 'poll pass');
      o.onReport?.(report);
    }
  };
  let current: Promise<void> | undefined;
  const task = cron.schedule(
    cronPattern(o.intervalSeconds),
    async () => {
      current = runPass().catch((err: unknown) => {
        // The poller never dies: a failed pass (e.g. Redis away) is logged and the next slot runs.
        o.logger.error({ err }, 'poll pass could not run');
      });
      await current;
    },
    {
      name: 'finetune-poll',
      noOverlap: true,
      logger: cronLogger(o.logger),
      suppressMissedWarning: true,
      ...(o.redis
        ? {
            distributed: true,
            runCoordinator: redisRunCoordinator(o.redis, instanceId),
            distributedLease: intervalMs,
          }
        : {}),
    },
  );
  return {
    async stop() {
      await task.destroy();
      // Let a pass in flight finish its writes before the store closes.
      await current;
    },
  };
}
