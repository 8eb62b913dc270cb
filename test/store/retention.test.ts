import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyvFactory, type KeyvFactory, SQLITE_TABLE } from '../../src/store/keyv-factory.js';
import { createWatchStore, type StoredWatch } from '../../src/store/watch-store.js';
import { REDIS_SKIP, type RedisServer, startRedis } from '../helpers/redis.js';

const RETENTION_MS = 400;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const watch = (jobId: string, channel: string, extra: Partial<StoredWatch> = {}): StoredWatch => ({
  jobId,
  channel,
  userId: 'U1',
  createdAt: 1_700_000_000,
  state: 'active',
  startedMs: 1_700_000_000_000,
  baseline: [],
  ...extra,
});

/** What an ended watch leaves behind is gone after the retention; what is live stays. */
function suite(name: string, open: () => Promise<{ url: string; done: () => Promise<void> }>) {
  describe(`retention on ${name}`, () => {
    let kv: KeyvFactory;
    let done: () => Promise<void>;
    beforeAll(async () => {
      const o = await open();
      done = o.done;
      kv = createKeyvFactory(o.url, (e) => {
        throw e;
      });
    });
    afterAll(async () => {
      await kv?.close();
      await done?.();
    });

    it('forgets ended watches, their index entries, outbox records and job states after the retention', async () => {
      const store = createWatchStore(kv, { retentionMs: RETENTION_MS });
      await store.put(watch('job-r1', 'CR', { cardTs: '1.1' }));
      await store.put(watch('job-r2', 'CR', { cardTs: '1.2' }));
      await store.put(
        watch('job-r2', 'CR', { cardTs: '1.2', state: 'finished', reason: 'Finished: SUCCESS.' }),
      );
      await store.putPost({ key: 'end:job-r2', channel: 'CR', state: 'sent', ts: '1.3', createdAt: 1 });
      await store.putJobState('job-r2', {
        status: 'RUNNING',
        modifiedAt: 1,
        createdAt: 1,
        shownAt: 1,
        cards: 1,
      });

      // Within the retention, `watching` shows the ended watch beside the live one.
      expect((await store.ofChannel('CR')).map((w) => w.jobId).sort()).toEqual(['job-r1', 'job-r2']);
      await sleep(RETENTION_MS + 200);
      await store.sweep();
      expect((await store.ofChannel('CR')).map((w) => w.jobId)).toEqual(['job-r1']);
      expect(await store.ofJob('job-r2')).toEqual([]);
      expect(await store.get('job-r2', 'CR')).toBeUndefined();
      expect(await store.getPost('end:job-r2')).toBeUndefined();
      expect((await store.jobStates(['job-r2'])).size).toBe(0);
      expect(await store.activeJobIds()).toEqual(['job-r1']);
      expect(await store.get('job-r1', 'CR')).toBeDefined();

      if (kv.sqlite) {
        // Swept from the file, not only hidden: nothing of job-r2 is left in Keyv's table or the index table.
        const rows = await kv.sqlite(`SELECT key FROM ${SQLITE_TABLE} WHERE key LIKE ?`, '%job-r2%');
        const members = await kv.sqlite(
          `SELECT member FROM ${SQLITE_TABLE}_sets WHERE member LIKE ? OR set_key LIKE ?`,
          '%job-r2%',
          '%job-r2%',
        );
        expect(rows).toEqual([]);
        expect(members).toEqual([]);
      }
      if (kv.redis) {
        const client = await kv.redis();
        expect(await client.pTTL('watchix::job:job-r2')).toBe(-2);
      }
    });

    it('counts outbox intents pending until they are marked sent', async () => {
      const store = createWatchStore(kv, { retentionMs: 60_000 });
      const before = await store.pendingPosts();
      await store.putPost({ key: 'tr:p1', channel: 'CR', state: 'pending', createdAt: 1 });
      await store.putPost({ key: 'tr:p2', channel: 'CR', state: 'pending', createdAt: 1 });
      expect(await store.pendingPosts()).toBe(before + 2);
      await store.putPost({ key: 'tr:p1', channel: 'CR', state: 'sent', ts: '2.1', createdAt: 1 });
      expect(await store.pendingPosts()).toBe(before + 1);
    });
  });
}

suite('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'retention-'));
  return { url: `sqlite://${join(dir, 'store.sqlite')}`, done: async () => rmSync(dir, { recursive: true }) };
});

describe.skipIf(REDIS_SKIP)('Redis', () => {
  let server: RedisServer;
  suite('Redis', async () => {
    server = await startRedis();
    return { url: server.url, done: () => server.stop() };
  });
});
