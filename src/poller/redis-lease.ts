import { randomUUID } from 'node:crypto';
import type { RunCoordinator } from 'node-cron';
import type { RedisClient } from '../store/redis-client.js';

const RELEASE =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
const RENEW =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

/** node-cron's distributed hook: the first instance to `SET NX PX` a slot's key runs that slot. */
export function redisRunCoordinator(redis: () => Promise<RedisClient>, instanceId: string): RunCoordinator {
  return {
    async shouldRun(key, ttlMs) {
      return (
        (await (await redis()).set(`finetune:cron:${key}`, instanceId, { NX: true, PX: ttlMs })) === 'OK'
      );
    },
  };
}

export interface Lease {
  /** Runs `work` if the lease is free (renewing it meanwhile); undefined when another holder has it. */
  run<T>(work: () => Promise<T>): Promise<T | undefined>;
}

/**
 * A lease over one Redis key, so a slow pass on one instance never overlaps a pass on another.
 * Renewed every third of `ttlMs` while held; if the holder dies it expires within `ttlMs`.
 */
export function redisLease(redis: () => Promise<RedisClient>, key: string, ttlMs: number): Lease {
  return {
    async run(work) {
      const client = await redis();
      const token = randomUUID();
      if ((await client.set(key, token, { NX: true, PX: ttlMs })) !== 'OK') return undefined;
      const timer = setInterval(
        () => {
          client.eval(RENEW, { keys: [key], arguments: [token, String(ttlMs)] }).catch(() => undefined);
        },
        Math.max(100, Math.floor(ttlMs / 3)),
      );
      try {
        return await work();
      } finally {
        clearInterval(timer);
        await client.eval(RELEASE, { keys: [key], arguments: [token] }).catch(() => undefined);
      }
    },
  };
}
