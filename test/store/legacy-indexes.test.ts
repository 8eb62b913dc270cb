import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CreatedJob, createCreatorStore } from '../../src/store/creators.js';
import { createKeyvFactory, type KeyvFactory } from '../../src/store/keyv-factory.js';
import { openSetIndex } from '../../src/store/set-index.js';
import { createWatchStore, type StoredWatch } from '../../src/store/watch-store.js';
import { REDIS_SKIP, type RedisServer, startRedis } from '../helpers/redis.js';

const watch = (jobId: string, channel: string, state: StoredWatch['state']): StoredWatch => ({
  jobId,
  channel,
  userId: 'U1',
  createdAt: 1_700_000_000,
  state,
  startedMs: 1_700_000_000_000,
  baseline: [],
  cardTs: '1.1',
});

/**
 * A store written by the previous version: watch records plus its indexes (a JSON array per index in
 * SQLite, a plain set per index in Redis, under `watchidx`). Upgrading must lose no watch.
 */
async function writeLegacy(kv: KeyvFactory): Promise<void> {
  const records = kv.open<StoredWatch>('watches');
  await records.set('job-l1:CL1', watch('job-l1', 'CL1', 'active'));
  await records.set('job-l1:CL2', watch('job-l1', 'CL2', 'finished'));
  await records.set('job-l2:CL1', watch('job-l2', 'CL1', 'finished'));
  const index: Record<string, string[]> = {
    'job:job-l1': ['CL1', 'CL2'],
    'job:job-l2': ['CL1'],
    'chan:CL1': ['job-l1', 'job-l2'],
    'chan:CL2': ['job-l1'],
    active: ['job-l1'],
  };
  if (kv.redis) {
    const client = (await kv.redis()) as unknown as { sAdd(k: string, m: string[]): Promise<number> };
    for (const [k, members] of Object.entries(index)) await client.sAdd(`watchidx::${k}`, members);
  } else {
    const old = kv.open<string[]>('watchidx');
    for (const [k, members] of Object.entries(index)) await old.set(k, members);
  }
}

function suite(name: string, open: () => Promise<{ url: string; done: () => Promise<void> }>) {
  describe(`upgrading a ${name} store`, () => {
    let url: string;
    let done: () => Promise<void>;
    beforeAll(async () => {
      ({ url, done } = await open());
    });
    afterAll(async () => {
      await done?.();
    });

    it('carries the watches of the old indexes over, once', async () => {
      const before = createKeyvFactory(url, () => undefined);
      await writeLegacy(before);
      await before.close();

      const kv = createKeyvFactory(url, () => undefined);
      const store = createWatchStore(kv);
      expect(await store.activeJobIds()).toEqual(['job-l1']);
      expect((await store.ofChannel('CL1')).map((w) => w.jobId).sort()).toEqual(['job-l1', 'job-l2']);
      expect((await store.ofJob('job-l1')).map((w) => w.channel).sort()).toEqual(['CL1', 'CL2']);
      // The ended ones now carry the time they were carried over, from which their retention runs.
      expect((await store.get('job-l2', 'CL1'))?.endedMs).toBeGreaterThan(0);
      await kv.close();

      // A second start finds nothing left to carry over and sees the same.
      const again = createKeyvFactory(url, () => undefined);
      const other = createWatchStore(again);
      expect((await other.ofChannel('CL1')).length).toBe(2);
      expect(await other.activeJobIds()).toEqual(['job-l1']);
      await again.close();
    });

    it('carries over the jobs each user created', async () => {
      const before = createKeyvFactory(url, () => undefined);
      await before.open<string[]>('userjobs').set('U0LEGACY', ['job-l1', 'job-l2']);
      await before.close();
      const kv = createKeyvFactory(url, () => undefined);
      const open = () =>
        createCreatorStore(
          kv.open<CreatedJob>('creators'),
          openSetIndex(kv, 'userjobix'),
          kv.open('userjobs'),
        );
      const creators = open();
      await creators.recordCreated({ jobId: 'job-l3', userId: 'U0LEGACY', channel: 'CL1', createdAt: 1 });
      expect((await creators.jobsCreatedBy('U0LEGACY')).sort()).toEqual(['job-l1', 'job-l2', 'job-l3']);
      expect((await open().jobsCreatedBy('U0LEGACY')).sort()).toEqual(['job-l1', 'job-l2', 'job-l3']);
      expect(await kv.open<string[]>('userjobs').get('U0LEGACY')).toBeUndefined();
      await kv.close();
    });
  });
}

suite('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'legacy-'));
  return { url: `sqlite://${join(dir, 'store.sqlite')}`, done: async () => rmSync(dir, { recursive: true }) };
});

describe.skipIf(REDIS_SKIP)('Redis', () => {
  let server: RedisServer;
  suite('Redis', async () => {
    server = await startRedis();
    return { url: server.url, done: () => server.stop() };
  });
});
