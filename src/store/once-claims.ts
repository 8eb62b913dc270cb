import { type KeyvFactory, SQLITE_TABLE } from './keyv-factory.js';
import type { RedisClient } from './redis-client.js';
import type { SqliteQuery } from './sqlite-query.js';

/**
 * "Only one of us does this": the first caller to claim a key owns it until it expires, across
 * processes and instances sharing the store. Used where a per-process lock is not enough, e.g. an
 * approval that starts a paid job, clicked by two approvers on two instances at once.
 */
export interface OnceClaims {
  /** Claims `key` for `owner` (a value unique to this attempt); resolves with the owner that holds it now. */
  claim(key: string, owner: string, ttlMs: number): Promise<string>;
}

export function openOnceClaims(kv: KeyvFactory, name: string): OnceClaims {
  if (kv.redis) return redisOnceClaims(kv.redis, name);
  if (kv.sqlite) return sqliteOnceClaims(kv.sqlite, `${SQLITE_TABLE}_claims`, name);
  throw new Error('claims need Redis or SQLite');
}

/** SET NX PX, else the holder: one script, so the answer is the owner at the moment of the claim. */
const CLAIM = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return ARGV[1] end
return redis.call('GET', KEYS[1])`;

export function redisOnceClaims(client: () => Promise<RedisClient>, prefix: string): OnceClaims {
  return {
    async claim(key, owner, ttlMs) {
      const held = await (await client()).eval(CLAIM, {
        keys: [`${prefix}::${key}`],
        arguments: [owner, String(Math.max(1, Math.ceil(ttlMs)))],
      });
      return String(held);
    },
  };
}

/**
 * SQLite: a row per key; the insert takes an expired row over and leaves a live one alone, in one
 * statement (SQLite serialises writers across processes on one file), then the holder is read.
 */
export function sqliteOnceClaims(query: SqliteQuery, table: string, name: string): OnceClaims {
  const ready = query(
    `CREATE TABLE IF NOT EXISTS ${table} (claim_key TEXT PRIMARY KEY, owner TEXT NOT NULL, expires INTEGER NOT NULL) WITHOUT ROWID`,
  );
  // Every call awaits it and gets its failure; a store closed before any call is no unhandled rejection.
  ready.catch(() => undefined);
  return {
    async claim(key, owner, ttlMs) {
      await ready;
      const k = `${name}:${key}`;
      const now = Date.now();
      await query(
        `INSERT INTO ${table} (claim_key, owner, expires) VALUES (?, ?, ?) ` +
          'ON CONFLICT (claim_key) DO UPDATE SET owner = excluded.owner, expires = excluded.expires ' +
          `WHERE ${table}.expires <= ?`,
        k,
        owner,
        now + ttlMs,
        now,
      );
      const rows = await query(`SELECT owner FROM ${table} WHERE claim_key = ?`, k);
      return String(rows[0]?.owner ?? '');
    },
  };
}
