import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuditEntry, openAuditLog } from '../../src/store/audit-log.js';
import { createKeyvFactory, type KeyvFactory } from '../../src/store/keyv-factory.js';
import { openOnceClaims } from '../../src/store/once-claims.js';
import { REDIS_SKIP, type RedisServer, startRedis } from '../helpers/redis.js';

/** The audit log and the once-claims, on a real SQLite file and a real Redis. */
const entry = (at: number, over: Partial<AuditEntry> = {}): AuditEntry => ({
  at,
  user: 'U1',
  action: 'start',
  jobId: `job-${at}`,
  ...over,
});

function suite(name: string, open: () => Promise<{ kv: () => KeyvFactory; close(): Promise<void> }>) {
  describe(name, () => {
    let store: { kv: () => KeyvFactory; close(): Promise<void> };
    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store?.close();
    });

    it('keeps every entry appended, even two equal ones, oldest first for the export', async () => {
      const log = openAuditLog(store.kv(), 'auditone');
      await log.append(entry(1000, { channel: 'C1' }));
      await log.append(entry(2000));
      await log.append(entry(2000));
      await log.append(entry(3000, { channel: 'C1', action: 'declined', detail: 'too costly' }));
      expect((await log.list({ sinceMs: 0 })).map((e) => e.at)).toEqual([1000, 2000, 2000, 3000]);
      expect((await log.list({ sinceMs: 1500 })).map((e) => e.at)).toEqual([2000, 2000, 3000]);
    });

    it('answers the latest entries newest first, per channel', async () => {
      const log = openAuditLog(store.kv(), 'audittwo');
      for (let i = 1; i <= 5; i++) await log.append(entry(i * 1000, { channel: i % 2 ? 'C1' : 'C2' }));
      expect((await log.list({ sinceMs: 0, latest: 2 })).map((e) => e.at)).toEqual([5000, 4000]);
      expect((await log.list({ sinceMs: 0, channel: 'C1', latest: 10 })).map((e) => e.at)).toEqual([
        5000, 3000, 1000,
      ]);
    });

    it('cuts a long detail so one entry cannot swell the log', async () => {
      const log = openAuditLog(store.kv(), 'auditthree');
      await log.append(entry(1, { detail: 'x'.repeat(5000) }));
      const [e] = await log.list({ sinceMs: 0 });
      expect(e?.detail?.length).toBeLessThanOrEqual(501);
    });

    it('gives a claim to the first of many claimants at once, and keeps it until it expires', async () => {
      const claims = openOnceClaims(store.kv(), 'claimsone');
      const owners = Array.from({ length: 20 }, (_, i) => `owner-${i}`);
      const held = await Promise.all(owners.map((o) => claims.claim('decision:x', o, 60_000)));
      expect(new Set(held).size).toBe(1);
      expect(owners).toContain(held[0]);
      expect(await claims.claim('decision:x', 'late', 60_000)).toBe(held[0]);
      expect(await claims.claim('decision:y', 'other', 60_000)).toBe('other');
      expect(await claims.claim('short', 'a', 1)).toBe('a');
      await new Promise((r) => setTimeout(r, 20));
      expect(await claims.claim('short', 'b', 60_000)).toBe('b');
    });
  });
}

suite('on SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'guardrail-stores-'));
  const file = join(dir, 'store.sqlite');
  const kvs: KeyvFactory[] = [];
  return {
    // Each caller gets its own connection, as two processes on one file would.
    kv: () => {
      const kv = createKeyvFactory(`sqlite://${file}`, () => undefined);
      kvs.push(kv);
      return kv;
    },
    async close() {
      await Promise.all(kvs.map((k) => k.close()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe.skipIf(REDIS_SKIP)('on Redis', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  suite('a throwaway redis-server', async () => {
    const kvs: KeyvFactory[] = [];
    return {
      kv: () => {
        const kv = createKeyvFactory(redis.url, () => undefined);
        kvs.push(kv);
        return kv;
      },
      async close() {
        await Promise.all(kvs.map((k) => k.close()));
      },
    };
  });
});
