import type Keyv from 'keyv';
import { createKeyedLock } from '../lib/keyed-lock.js';
import type { RedisClient } from './redis-client.js';

/** Sets of strings under a key: the store's indexes (job → channels, channel → jobs, active jobs). */
export interface SetIndex {
  add(key: string, member: string): Promise<void>;
  remove(key: string, member: string): Promise<void>;
  members(key: string): Promise<string[]>;
}

/** Redis: native sets, so two instances adding to one index at once never lose a member. */
export function redisSetIndex(client: () => Promise<RedisClient>, prefix: string): SetIndex {
  const k = (key: string) => `${prefix}::${key}`;
  return {
    async add(key, member) {
      await (await client()).sAdd(k(key), member);
    },
    async remove(key, member) {
      await (await client()).sRem(k(key), member);
    },
    async members(key) {
      return (await client()).sMembers(k(key));
    },
  };
}

/**
 * A Keyv value holding an array, guarded by an in-process mutex per key. Only safe with one
 * process writing (SQLite), which is the only case it is used for.
 */
export function keyvSetIndex(kv: Keyv<string[]>): SetIndex {
  const locked = createKeyedLock();
  return {
    add: (key, member) =>
      locked(key, async () => {
        const cur = (await kv.get(key)) ?? [];
        if (!cur.includes(member)) await kv.set(key, [...cur, member]);
      }),
    remove: (key, member) =>
      locked(key, async () => {
        const cur = (await kv.get(key)) ?? [];
        if (cur.includes(member))
          await kv.set(
            key,
            cur.filter((m) => m !== member),
          );
      }),
    members: (key) => locked(key, async () => (await kv.get(key)) ?? []),
  };
}
