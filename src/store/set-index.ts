import { type KeyvFactory, SQLITE_TABLE } from './keyv-factory.js';
import type { RedisClient } from './redis-client.js';
import type { SqliteQuery } from './sqlite-query.js';

/**
 * Sets of strings under a key, each member with an optional expiry: the store's indexes (job →
 * channels, channel → jobs, active jobs, …). Adding or removing a member costs O(1) whatever the
 * set's size (a row or a sorted-set entry per member, never a list rewritten whole), and needs no
 * lock: each operation is one atomic statement or script.
 */
export interface SetIndex {
  /** Adds the member, or moves its expiry (ms since the epoch; absent = kept until removed). */
  add(key: string, member: string, expiresAtMs?: number): Promise<void>;
  remove(key: string, member: string): Promise<void>;
  /** The members not expired at `nowMs`. */
  members(key: string, nowMs: number): Promise<string[]>;
  count(key: string, nowMs: number): Promise<number>;
  /** Deletes every expired member (SQLite; Redis expires its keys itself). */
  sweep(nowMs: number): Promise<void>;
}

/** The store's indexes named `name`: Redis sorted sets, or rows of one SQLite table beside Keyv's. */
export function openSetIndex(kv: KeyvFactory, name: string): SetIndex {
  if (kv.redis) return redisSetIndex(kv.redis, name);
  if (kv.sqlite) return sqliteSetIndex(kv.sqlite, `${SQLITE_TABLE}_sets`, name);
  throw new Error('indexes need Redis or SQLite');
}

/**
 * Redis: a sorted set per key, the score being the member's expiry (+inf = none). The key itself is
 * given the latest expiry of its members (or none while one has no expiry), so an index whose
 * members all ended disappears without a sweep. Atomic per call (one script).
 */
export function redisSetIndex(client: () => Promise<RedisClient>, prefix: string): SetIndex {
  const k = (key: string) => `${prefix}::${key}`;
  const run = async (script: string, key: string, args: string[]) =>
    (await client()).eval(script, { keys: [k(key)], arguments: args });
  return {
    async add(key, member, expiresAtMs) {
      await run(UPSERT, key, [expiresAtMs === undefined ? 'inf' : String(expiresAtMs), member]);
    },
    async remove(key, member) {
      await run(REMOVE, key, [member]);
    },
    async members(key, nowMs) {
      return (await run(MEMBERS, key, [`(${nowMs}`])) as string[];
    },
    async count(key, nowMs) {
      return Number(await run(COUNT, key, [`(${nowMs}`]));
    },
    async sweep() {},
  };
}

/** Gives the key the expiry of its longest-lived member, or none if one never expires. */
const KEY_EXPIRY = `
local top = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
if top[2] == nil then return 0 end
if top[2] == 'inf' then redis.call('PERSIST', KEYS[1])
else redis.call('PEXPIREAT', KEYS[1], math.ceil(tonumber(top[2]))) end
return 1`;
const UPSERT = `redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])\n${KEY_EXPIRY}`;
const REMOVE = `redis.call('ZREM', KEYS[1], ARGV[1])\n${KEY_EXPIRY}`;
const MEMBERS = `return redis.call('ZRANGE', KEYS[1], ARGV[1], '+inf', 'BYSCORE')`;
const COUNT = `return redis.call('ZCOUNT', KEYS[1], ARGV[1], '+inf')`;

/**
 * SQLite: a row per (set, member) in a table of its own beside Keyv's, keyed by both, so an add is
 * one upsert and a read one index range. One process only, as the SQLite store is.
 */
export function sqliteSetIndex(query: SqliteQuery, table: string, name: string): SetIndex {
  const ready = query(
    `CREATE TABLE IF NOT EXISTS ${table} (set_key TEXT NOT NULL, member TEXT NOT NULL, expires INTEGER, ` +
      'PRIMARY KEY (set_key, member)) WITHOUT ROWID',
  );
  // Every call awaits it and gets its failure; a store closed before any call is no unhandled rejection.
  ready.catch(() => undefined);
  const q = async (sql: string, key: string, ...params: unknown[]) => {
    await ready;
    return query(sql, `${name}:${key}`, ...params);
  };
  return {
    async add(key, member, expiresAtMs) {
      await q(
        `INSERT INTO ${table} (set_key, member, expires) VALUES (?, ?, ?) ` +
          'ON CONFLICT (set_key, member) DO UPDATE SET expires = excluded.expires',
        key,
        member,
        expiresAtMs ?? null,
      );
    },
    async remove(key, member) {
      await q(`DELETE FROM ${table} WHERE set_key = ? AND member = ?`, key, member);
    },
    async members(key, nowMs) {
      const rows = await q(
        `SELECT member FROM ${table} WHERE set_key = ? AND (expires IS NULL OR expires > ?)`,
        key,
        nowMs,
      );
      return rows.map((r) => String(r.member));
    },
    async count(key, nowMs) {
      const rows = await q(
        `SELECT COUNT(*) AS n FROM ${table} WHERE set_key = ? AND (expires IS NULL OR expires > ?)`,
        key,
        nowMs,
      );
      return Number(rows[0]?.n ?? 0);
    },
    async sweep(nowMs) {
      await ready;
      await query(`DELETE FROM ${table} WHERE expires IS NOT NULL AND expires <= ?`, nowMs);
    },
  };
}
