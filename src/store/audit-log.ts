import { randomBytes } from 'node:crypto';
import { type KeyvFactory, SQLITE_TABLE } from './keyv-factory.js';
import type { RedisClient } from './redis-client.js';
import type { SqliteQuery } from './sqlite-query.js';

export const AUDIT_ACTIONS = [
  'create',
  'start',
  'cancel',
  'approval_requested',
  'approved',
  'declined',
  'expired',
  'budget_set',
  'refused',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * One thing someone did (or was refused): who, what, which job, the estimate, when. Built from
 * fields the app controls; `detail` is a sentence (a decline reason, a refusal) scrubbed of secrets
 * by the caller. Never a token, a key or a create request.
 */
export interface AuditEntry {
  /** Milliseconds since the epoch. */
  at: number;
  /** Slack user id. */
  user: string;
  action: AuditAction;
  jobId?: string;
  channel?: string;
  /** The estimate the decision was made on, when there was one. */
  cost?: number;
  currency?: string;
  detail?: string;
}

export interface AuditQuery {
  /** Entries at or after this time (ms). */
  sinceMs: number;
  channel?: string;
  /** Newest first, at most this many; absent = every entry, oldest first (the export). */
  latest?: number;
}

/**
 * Append-only: entries are added, never changed or removed by the app (no TTL, no update method).
 * Redis: a sorted set by time (plus one per channel); SQLite: a table with an increasing id.
 */
export interface AuditLog {
  append(e: AuditEntry): Promise<void>;
  list(q: AuditQuery): Promise<AuditEntry[]>;
}

export const DETAIL_MAX = 500;

function clean(e: AuditEntry): AuditEntry {
  return e.detail && e.detail.length > DETAIL_MAX ? { ...e, detail: `${e.detail.slice(0, DETAIL_MAX)}…` } : e;
}

export function openAuditLog(kv: KeyvFactory, name = 'audit'): AuditLog {
  if (kv.redis) return redisAuditLog(kv.redis, `finetune:${name}`);
  if (kv.sqlite) return sqliteAuditLog(kv.sqlite, `${SQLITE_TABLE}_${name}`);
  throw new Error('the audit log needs Redis or SQLite');
}

const ADD = `
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
if KEYS[2] then redis.call('ZADD', KEYS[2], ARGV[1], ARGV[2]) end
return 1`;

/** Members carry a random id before the JSON, so two equal entries in one millisecond are both kept. */
export function redisAuditLog(client: () => Promise<RedisClient>, prefix: string): AuditLog {
  const all = `${prefix}::all`;
  const ofChannel = (c: string) => `${prefix}::channel:${c}`;
  return {
    async append(e) {
      const entry = clean(e);
      const member = `${randomBytes(6).toString('hex')} ${JSON.stringify(entry)}`;
      await (await client()).eval(ADD, {
        keys: entry.channel ? [all, ofChannel(entry.channel)] : [all],
        arguments: [String(entry.at), member],
      });
    },
    async list(q) {
      const key = q.channel ? ofChannel(q.channel) : all;
      const args = q.latest
        ? ['+inf', String(q.sinceMs), 'BYSCORE', 'REV', 'LIMIT', '0', String(q.latest)]
        : [String(q.sinceMs), '+inf', 'BYSCORE'];
      const members = (await (
        await client()
      ).eval(`return redis.call('ZRANGE', KEYS[1], ${args.map((_, i) => `ARGV[${i + 1}]`).join(', ')})`, {
        keys: [key],
        arguments: args,
      })) as string[];
      return members.map((m) => JSON.parse(m.slice(m.indexOf(' ') + 1)) as AuditEntry);
    },
  };
}

export function sqliteAuditLog(query: SqliteQuery, table: string): AuditLog {
  const ready = (async () => {
    await query(
      `CREATE TABLE IF NOT EXISTS ${table} (seq INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, channel TEXT, entry TEXT NOT NULL)`,
    );
    await query(`CREATE INDEX IF NOT EXISTS ${table}_at ON ${table} (at)`);
  })();
  // Every call awaits it and gets its failure; a store closed before any call is no unhandled rejection.
  ready.catch(() => undefined);
  return {
    async append(e) {
      await ready;
      const entry = clean(e);
      await query(
        `INSERT INTO ${table} (at, channel, entry) VALUES (?, ?, ?)`,
        entry.at,
        entry.channel ?? null,
        JSON.stringify(entry),
      );
    },
    async list(q) {
      await ready;
      const where = q.channel ? 'at >= ? AND channel = ?' : 'at >= ?';
      const params: unknown[] = q.channel ? [q.sinceMs, q.channel] : [q.sinceMs];
      const order = q.latest
        ? `ORDER BY at DESC, seq DESC LIMIT ${Math.floor(q.latest)}`
        : 'ORDER BY at, seq';
      const rows = await query(`SELECT entry FROM ${table} WHERE ${where} ${order}`, ...params);
      return rows.map((r) => JSON.parse(String(r.entry)) as AuditEntry);
    },
  };
}
