import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyvFactory, type KeyvFactory } from '../../src/store/keyv-factory.js';
import { createWatchStore, type StoredWatch, type WatchStore } from '../../src/store/watch-store.js';
import { REDIS_SKIP, type RedisServer, startRedis } from '../helpers/redis.js';

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

/** The same behaviour on both backends: SQLite (one instance) and Redis (several). */
function storeSuite(name: string, open: () => Promise<{ url: string; done: () => Promise<void> }>) {
  describe(`watch store on ${name}`, () => {
    let factory: KeyvFactory;
    let store: WatchStore;
    let done: () => Promise<void>;
    let url: string;

    beforeAll(async () => {
      ({ url, done } = await open());
      factory = createKeyvFactory(url, (e) => {
        throw e;
      });
      store = createWatchStore(factory);
    });
    afterAll(async () => {
      await factory?.close();
      await done?.();
    });

    it('finds watches by job and by channel, and keeps the active set', async () => {
      await store.put(watch('job-a', 'C1'));
      await store.put(watch('job-a', 'C2'));
      await store.put(watch('job-b', 'C1', { state: 'finished', reason: 'done' }));
      expect((await store.ofJob('job-a')).map((w) => w.channel).sort()).toEqual(['C1', 'C2']);
      expect((await store.ofChannel('C1')).map((w) => w.jobId).sort()).toEqual(['job-a', 'job-b']);
      expect(await store.activeJobIds()).toEqual(['job-a']);
    });

    it('drops a job from the active set only when its last live watch ends', async () => {
      await store.put(watch('job-a', 'C1', { state: 'disabled', reason: 'archived' }));
      expect(await store.activeJobIds()).toEqual(['job-a']);
      await store.put(watch('job-a', 'C2', { state: 'finished' }));
      expect(await store.activeJobIds()).toEqual([]);
      expect((await store.get('job-a', 'C1'))?.reason).toBe('archived');
    });

    it('finds the watches a user set up, in every channel, and not those someone else took over', async () => {
      await store.put(watch('job-u1', 'CU1', { userId: 'U0ALICE' }));
      await store.put(watch('job-u2', 'CU2', { userId: 'U0ALICE' }));
      await store.put(watch('job-u3', 'CU1', { userId: 'U0BOB' }));
      const pairs = async (u: string) => (await store.ofUser(u)).map((w) => `${w.jobId}@${w.channel}`).sort();
      expect(await pairs('U0ALICE')).toEqual(['job-u1@CU1', 'job-u2@CU2']);
      expect(await pairs('U0BOB')).toEqual(['job-u3@CU1']);
      // Alice's watch ends; Bob watches the same job in the same channel again: the record is his.
      const ended = watch('job-u2', 'CU2', { userId: 'U0ALICE', state: 'finished' });
      await store.put(ended);
      await store.put({ ...ended, userId: 'U0BOB', state: 'active', startedMs: 1_700_000_100_000 }, ended);
      expect(await pairs('U0ALICE')).toEqual(['job-u1@CU1']);
      expect(await pairs('U0BOB')).toEqual(['job-u2@CU2', 'job-u3@CU1']);
    });

    it('loses no index entry when many watches are added at once', async () => {
      const ids = Array.from({ length: 40 }, (_, i) => `job-many-${i}`);
      await Promise.all(ids.map((id) => store.put(watch(id, 'CMANY'))));
      expect((await store.ofChannel('CMANY')).length).toBe(40);
      expect((await store.activeJobIds()).filter((id) => id.startsWith('job-many-')).length).toBe(40);
    });

    it('keeps outbox records across a reopen', async () => {
      await store.putPost({ key: 'tr:x', channel: 'C1', state: 'pending', createdAt: 1 });
      await store.putPost({ key: 'tr:x', channel: 'C1', state: 'sent', ts: '1.000100', createdAt: 1 });
      const again = createKeyvFactory(url, () => undefined);
      const other = createWatchStore(again);
      expect((await other.getPost('tr:x'))?.ts).toBe('1.000100');
      expect((await other.ofChannel('C1')).length).toBe(2);
      await other.deletePost('tr:x');
      expect(await store.getPost('tr:x')).toBeUndefined();
      await again.close();
    });
  });
}

storeSuite('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'watch-store-'));
  return { url: `sqlite://${join(dir, 'store.sqlite')}`, done: async () => rmSync(dir, { recursive: true }) };
});

describe.skipIf(REDIS_SKIP)('Redis', () => {
  let server: RedisServer;
  storeSuite('Redis', async () => {
    server = await startRedis();
    return { url: server.url, done: () => server.stop() };
  });
});
