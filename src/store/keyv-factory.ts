import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import KeyvRedis, { createClient } from '@keyv/redis';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';
import type { RedisClient } from './redis-client.js';
import type { SqliteQuery } from './sqlite-query.js';

/** The one table Keyv's namespaces share in the SQLite file. */
export const SQLITE_TABLE = 'finetune_bot';

/**
 * Opens one Keyv per namespace on the same backing store. One adapter instance per namespace on
 * purpose: a shared adapter keeps only the last namespace, and `clear()` on one would wipe the others.
 */
export interface KeyvFactory {
  open<V>(namespace: string): Keyv<V>;
  /** The Redis URL when the store is Redis (several instances), else undefined. */
  readonly redisUrl?: string;
  /**
   * One shared raw Redis client (connected on first use) for what Keyv cannot do atomically:
   * sets and leases. Undefined with SQLite.
   */
  readonly redis?: () => Promise<RedisClient>;
  /**
   * Raw queries on the SQLite file, on a connection of its own, for the indexes (a row per member) and
   * the retention sweep. Undefined with Redis.
   */
  readonly sqlite?: SqliteQuery;
  close(): Promise<void>;
}

/** `sqlite://./data/x.sqlite` → absolute file path; the directory is created so first runs just work. */
export function sqliteFileOf(storeUrl: string): string {
  const path = storeUrl.replace(/^sqlite:\/\//, '');
  const file = resolve(path);
  mkdirSync(dirname(file), { recursive: true });
  return file;
}

export function createKeyvFactory(storeUrl: string, onError: (e: unknown) => void): KeyvFactory {
  const opened: Keyv<unknown>[] = [];
  const isRedis = /^rediss?:\/\//.test(storeUrl);
  const file = isRedis ? undefined : sqliteFileOf(storeUrl);
  let raw: Promise<RedisClient> | undefined;
  const redis = (): Promise<RedisClient> => {
    raw ??= (async () => {
      const client = createClient({ url: storeUrl });
      client.on('error', onError);
      await client.connect();
      return client as unknown as RedisClient;
    })();
    return raw;
  };

  let raws: KeyvSqlite | undefined;
  const sqlite: SqliteQuery = (sql, ...params) => {
    raws ??= new KeyvSqlite({ uri: `sqlite://${file}`, table: SQLITE_TABLE, busyTimeout: 5000 });
    return raws.query(sql, ...params) as Promise<Record<string, unknown>[]>;
  };

  return {
    redisUrl: isRedis ? storeUrl : undefined,
    redis: isRedis ? redis : undefined,
    sqlite: isRedis ? undefined : sqlite,
    open<V>(namespace: string): Keyv<V> {
      // Plain lowercase namespaces: @keyv/sqlite iterates with LIKE, where `_` and `%` are wildcards.
      if (!/^[a-z]+$/.test(namespace)) throw new Error(`namespace must be lowercase letters: ${namespace}`);
      const store = isRedis
        ? new KeyvRedis(storeUrl, { namespace, throwOnConnectError: false })
        : new KeyvSqlite({ uri: `sqlite://${file}`, table: SQLITE_TABLE, busyTimeout: 5000 });
      const kv = new Keyv<V>({ store, namespace, useKeyPrefix: !isRedis });
      kv.on('error', onError);
      opened.push(kv as Keyv<unknown>);
      return kv;
    },
    async close() {
      await Promise.allSettled(opened.map((kv) => kv.disconnect()));
      if (raw) await raw.then((c) => c.quit()).catch(() => undefined);
      if (raws) await raws.close().catch(() => undefined);
    },
  };
}
