import { randomUUID } from 'node:crypto';
import type { RedisClient } from '../store/redis-client.js';

const RELEASE =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
const RENEW =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

/** What became of one attempt at a slot: run here, already run elsewhere, or wait for a running pass. */
export type SlotOutcome = 'ran' | 'taken' | 'busy';

/**
 * A pass, which may hand back `tail`: work it started and did not wait for (its Slack posts), during
 * which no other instance may poll (it would fetch and post the same jobs again).
 */
export type SlotWork = () => Promise<{ tail?: Promise<unknown> } | undefined>;

export interface SlotCoordinator {
  /**
   * Runs `work` as the pass of `slot` if no other instance is polling or still posting what its
   * pass found, and no instance has had this slot yet. 'taken': the slot is done with. 'busy':
   * another instance holds the lease; ask again later.
   */
  runSlot(slot: number, work: SlotWork): Promise<SlotOutcome>;
}

export interface SlotCoordinatorOptions {
  intervalSeconds: number;
  /** TTL of the pass lease; renewed every third of it while the pass runs. */
  passLeaseMs: number;
  /** Key prefix. Default `finetune:poll`. */
  prefix?: string;
}

/**
 * Two Redis keys, both `SET NX PX`:
 * - `<prefix>:pass`, a short lease held (and renewed) for as long as a pass runs anywhere, so passes
 *   never overlap across instances. A dead holder stops renewing and the lease is gone within
 *   `passLeaseMs`; it never lasts until the next slot, so it cannot hold up a takeover.
 * - `<prefix>:<N>s:<slot>`, taken only by the holder of the pass lease, so each slot gets one pass
 *   in all. It is one key per slot, so a winner that dies blocks nothing beyond its own slot; it
 *   lives two intervals so an instance whose clock lags by less than an interval cannot rerun it.
 * Limit: if a holder's event loop stalls longer than `passLeaseMs` the lease lapses under a pass
 * still running, and another instance may start one beside it. That costs duplicate API calls, not
 * duplicate posts: the outbox makes every post exactly once.
 */
export function redisSlotCoordinator(
  redis: () => Promise<RedisClient>,
  o: SlotCoordinatorOptions,
): SlotCoordinator {
  const prefix = o.prefix ?? 'finetune:poll';
  const passKey = `${prefix}:pass`;
  const ttl = String(o.passLeaseMs);
  // This instance's token: its own next pass may start while the lease is held for its posts.
  const token = randomUUID();
  let holds = 0;
  let renew: NodeJS.Timeout | undefined;

  const release = async () => {
    if (--holds > 0) return;
    clearInterval(renew);
    renew = undefined;
    const client = await redis();
    await client.eval(RELEASE, { keys: [passKey], arguments: [token] }).catch(() => undefined);
  };
  const acquire = async (): Promise<boolean> => {
    const client = await redis();
    if (holds === 0) {
      if ((await client.set(passKey, token, { NX: true, PX: o.passLeaseMs })) !== 'OK') return false;
    }
    holds++;
    renew ??= setInterval(
      () => {
        client.eval(RENEW, { keys: [passKey], arguments: [token, ttl] }).catch(() => undefined);
      },
      Math.max(100, Math.floor(o.passLeaseMs / 3)),
    );
    return true;
  };

  return {
    async runSlot(slot, work) {
      if (!(await acquire())) return 'busy';
      try {
        const client = await redis();
        const slotKey = `${prefix}:${o.intervalSeconds}s:${slot}`;
        const won = await client.set(slotKey, token, { NX: true, PX: 2 * o.intervalSeconds * 1000 });
        if (won !== 'OK') return 'taken';
        const done = await work();
        if (done?.tail && (await acquire())) void done.tail.catch(() => undefined).finally(release);
        return 'ran';
      } finally {
        await release();
      }
    },
  };
}
