import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WATCH_SETTINGS } from '../../src/domain/watch-settings.js';
import { createKeyvFactory, type KeyvFactory } from '../../src/store/keyv-factory.js';
import { createWatchStore, type StoredWatch } from '../../src/store/watch-store.js';
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

/** Mutes and channel defaults on both backends: what the poller reads once a pass, what survives a restart. */
function suite(name: string, open: () => Promise<{ url: string; done: () => Promise<void> }>) {
  describe(`settings in the watch store on ${name}`, () => {
    let url: string;
    let done: () => Promise<void>;
    const opened: KeyvFactory[] = [];
    const storeOver = () => {
      const kv = createKeyvFactory(url, (e) => {
        throw e;
      });
      opened.push(kv);
      return createWatchStore(kv);
    };
    beforeAll(async () => {
      ({ url, done } = await open());
    });
    afterAll(async () => {
      for (const kv of opened) await kv.close();
      await done?.();
    });

    // Mutes end from now on (their index entries outlive the end by the retention, from the real clock).
    const T = Date.now();

    it('lists a mute as due only from its end, follows a moved end, and forgets an ended mute', async () => {
      const store = storeOver();
      const muted = watch('job-m', 'C1', { mutedUntil: T + 5_000 });
      await store.put(muted);
      expect(await store.mutesDue(T + 4_999)).toEqual([]);
      expect(await store.mutesDue(T + 5_000)).toEqual([
        { jobId: 'job-m', channel: 'C1', untilMs: T + 5_000 },
      ]);
      const moved = { ...muted, mutedUntil: T + 9_000 };
      await store.put(moved, muted);
      expect(await store.mutesDue(T + 6_000)).toEqual([]);
      // A finished watch keeps its mute (its summary is still owed) until the mute is ended.
      const ended = { ...moved, state: 'finished' as const };
      await store.put(ended, moved);
      expect((await store.mutesDue(T + 9_000)).map((e) => e.untilMs)).toEqual([T + 9_000]);
      await store.put({ ...ended, mutedUntil: undefined }, ended);
      expect(await store.mutesDue(Number.MAX_SAFE_INTEGER)).toEqual([]);
    });

    it('keeps settings and mutes with the watch and channel defaults of their own, across a new process', async () => {
      const settings = {
        only: 'failures' as const,
        broadcast: 'never' as const,
        mention: { kind: 'none' as const },
      };
      const first = storeOver();
      await first.put(watch('job-s', 'C2', { settings, mutedUntil: T + 7_000 }));
      expect(await first.channelDefaults('C2')).toEqual(DEFAULT_WATCH_SETTINGS);
      await first.putChannelDefaults('C2', { ...DEFAULT_WATCH_SETTINGS, only: 'terminal' });
      const second = storeOver();
      expect((await second.get('job-s', 'C2'))?.settings).toEqual(settings);
      expect(await second.mutesDue(T + 7_000)).toEqual([
        { jobId: 'job-s', channel: 'C2', untilMs: T + 7_000 },
      ]);
      expect((await second.channelDefaults('C2')).only).toBe('terminal');
      expect(await second.channelDefaults('C3')).toEqual(DEFAULT_WATCH_SETTINGS);
      await second.forgetMute({ jobId: 'job-s', channel: 'C2', untilMs: T + 7_000 });
      expect(await second.mutesDue(T + 7_000)).toEqual([]);
    });
  });
}

suite('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'watch-settings-store-'));
  return { url: `sqlite://${join(dir, 'store.sqlite')}`, done: async () => rmSync(dir, { recursive: true }) };
});

describe.skipIf(REDIS_SKIP)('Redis', () => {
  let server: RedisServer;
  suite('Redis', async () => {
    server = await startRedis();
    return { url: server.url, done: () => server.stop() };
  });
});
