import { type KeyvFactory, SQLITE_TABLE } from './keyv-factory.js';
import type { StoredWatch } from './watch-store.js';

/** Where versions before the O(1) indexes kept them: `watchidx` (a JSON array, or a Redis set, per index). */
const LEGACY = 'watchidx';

/**
 * Carries the watches of a store written by an earlier version into the current indexes, once: every
 * watch record is written again through `put` (which also gives ended ones their retention), then
 * the old index entries are deleted, so the next start finds nothing to do.
 */
export async function migrateLegacyIndexes(
  kv: KeyvFactory,
  put: (w: StoredWatch) => Promise<void>,
): Promise<void> {
  if (kv.sqlite) {
    const old = await kv.sqlite(`SELECT 1 FROM ${SQLITE_TABLE} WHERE key LIKE ? LIMIT 1`, `${LEGACY}:%`);
    if (old.length === 0) return;
    const rows = await kv.sqlite(`SELECT value FROM ${SQLITE_TABLE} WHERE key LIKE ?`, 'watches:%');
    for (const row of rows) {
      const w = parseStored(row.value);
      if (w) await put(w);
    }
    await kv.sqlite(`DELETE FROM ${SQLITE_TABLE} WHERE key LIKE ?`, `${LEGACY}:%`);
    return;
  }
  if (!kv.redis) return;
  const client = await kv.redis();
  const keys = (await client.eval(SCAN, { keys: [], arguments: [`${LEGACY}::job:*`] })) as string[];
  if (keys.length === 0) return;
  const records = kv.open<StoredWatch>('watches');
  for (const key of keys) {
    const jobId = key.slice(`${LEGACY}::job:`.length);
    for (const channel of await client.sMembers(key)) {
      const w = await records.get(`${jobId}:${channel}`);
      if (w) await put(w);
    }
  }
  await client.eval(DELETE_ALL, { keys: [], arguments: [`${LEGACY}::*`] });
}

/** A Keyv row's value: `{"value": <watch>, "expires": …}`. */
function parseStored(raw: unknown): StoredWatch | undefined {
  try {
    const v = (JSON.parse(String(raw)) as { value?: StoredWatch }).value;
    return v && typeof v.jobId === 'string' && typeof v.channel === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

const SCAN = `
local out, cursor = {}, '0'
repeat
  local r = redis.call('SCAN', cursor, 'MATCH', ARGV[1], 'COUNT', 1000)
  cursor = r[1]
  for _, k in ipairs(r[2]) do out[#out + 1] = k end
until cursor == '0'
return out`;
const DELETE_ALL = `
local cursor = '0'
repeat
  local r = redis.call('SCAN', cursor, 'MATCH', ARGV[1], 'COUNT', 1000)
  cursor = r[1]
  for _, k in ipairs(r[2]) do redis.call('DEL', k) end
until cursor == '0'
return 1`;

/**
 * The members of one index written by an earlier version (`<prefix>:<key>`, a JSON array in SQLite or
 * a Redis set), removed from the store as they are returned: the caller re-adds them to the new index.
 */
export async function legacyMembers(kv: KeyvFactory, prefix: string, key: string): Promise<string[]> {
  if (kv.sqlite) {
    const rows = await kv.sqlite(`SELECT value FROM ${SQLITE_TABLE} WHERE key = ?`, `${prefix}:${key}`);
    if (rows.length === 0) return [];
    let ids: string[] = [];
    try {
      const v = (JSON.parse(String(rows[0]?.value)) as { value?: unknown }).value;
      if (Array.isArray(v)) ids = v.filter((x): x is string => typeof x === 'string');
    } catch {
      // Unreadable: nothing to carry over.
    }
    await kv.sqlite(`DELETE FROM ${SQLITE_TABLE} WHERE key = ?`, `${prefix}:${key}`);
    return ids;
  }
  if (!kv.redis) return [];
  const client = await kv.redis();
  const ids = (await client.eval(POP_SET, { keys: [`${prefix}::${key}`], arguments: [] })) as string[];
  return ids;
}

/** The members of a plain set, and the set deleted; nothing when the key is not a set (already migrated). */
const POP_SET = `
if redis.call('TYPE', KEYS[1]).ok ~= 'set' then return {} end
local m = redis.call('SMEMBERS', KEYS[1])
redis.call('DEL', KEYS[1])
return m`;
