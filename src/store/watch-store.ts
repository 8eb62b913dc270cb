import type Keyv from 'keyv';
import { isLiveWatch, type WatchRecord } from '../domain/watch.js';
import type { KeyvFactory } from './keyv-factory.js';
import { keyvSetIndex, redisSetIndex, type SetIndex } from './set-index.js';

/** A watch as stored: what users see plus what the poller needs to post each transition once. */
export interface StoredWatch extends WatchRecord {
  /** Milliseconds; tells one watch of a job×channel from a later re-watch (outbox keys use it). */
  startedMs: number;
  /** Transition keys (`STATUS@created_at`) that already existed when the watch began: never posted. */
  baseline: string[];
  /** The last status posted in the thread. */
  lastNotified?: string;
}

/** One intended Slack post (outbox): written before sending, marked sent with its ts after. */
export interface PostRecord {
  key: string;
  channel: string;
  threadTs?: string;
  state: 'pending' | 'sent';
  ts?: string;
  /** Unix seconds, when the intent was written (where to start looking in history). */
  createdAt: number;
}

/**
 * Watchers, their card messages, the last state notified and the post outbox, over Keyv.
 * Lookups by job, by channel and of the active jobs read index entries, never scan keys.
 *
 * Limits: indexes only grow by (job, channel) pairs, which is what `watching` lists. With Redis the
 * indexes are native sets (no lost update between instances); a watch record itself is last writer
 * wins, which is fine because one instance polls at a time (lease) and user commands touch one
 * record. With SQLite the indexes are read-modify-write under an in-process mutex: one process only.
 */
export interface WatchStore {
  get(jobId: string, channel: string): Promise<StoredWatch | undefined>;
  /** Writes the record and keeps the indexes (job → channels, channel → jobs, active jobs) in step. */
  put(watch: StoredWatch): Promise<void>;
  ofJob(jobId: string): Promise<StoredWatch[]>;
  ofChannel(channel: string): Promise<StoredWatch[]>;
  /** Jobs with at least one active or paused watch: what the poller polls. */
  activeJobIds(): Promise<string[]>;
  getPost(key: string): Promise<PostRecord | undefined>;
  putPost(post: PostRecord): Promise<void>;
  deletePost(key: string): Promise<void>;
}

const ACTIVE = 'active';
const watchKey = (jobId: string, channel: string) => `${jobId}:${channel}`;

export function createWatchStore(kv: KeyvFactory): WatchStore {
  const records: Keyv<StoredWatch> = kv.open('watches');
  const posts: Keyv<PostRecord> = kv.open('outbox');
  const sets: SetIndex = kv.redis
    ? redisSetIndex(kv.redis, 'watchidx')
    : keyvSetIndex(kv.open<string[]>('watchidx'));
  const byJob = (jobId: string) => `job:${jobId}`;
  const byChannel = (channel: string) => `chan:${channel}`;

  const many = async (keys: string[]): Promise<StoredWatch[]> => {
    if (keys.length === 0) return [];
    const found = await records.getMany(keys);
    return found.filter((w): w is StoredWatch => w != null);
  };

  const store: WatchStore = {
    get: (jobId, channel) => records.get(watchKey(jobId, channel)),
    async put(watch) {
      await records.set(watchKey(watch.jobId, watch.channel), watch);
      await sets.add(byJob(watch.jobId), watch.channel);
      await sets.add(byChannel(watch.channel), watch.jobId);
      if (isLiveWatch(watch)) {
        await sets.add(ACTIVE, watch.jobId);
        return;
      }
      // Remove, then look: a watch another instance starts meanwhile is either seen here or adds
      // itself after our removal, so the job is never left out of the active set.
      await sets.remove(ACTIVE, watch.jobId);
      if ((await store.ofJob(watch.jobId)).some(isLiveWatch)) await sets.add(ACTIVE, watch.jobId);
    },
    async ofJob(jobId) {
      const channels = await sets.members(byJob(jobId));
      return many(channels.map((c) => watchKey(jobId, c)));
    },
    async ofChannel(channel) {
      const jobs = await sets.members(byChannel(channel));
      return many(jobs.map((j) => watchKey(j, channel)));
    },
    activeJobIds: () => sets.members(ACTIVE),
    getPost: (key) => posts.get(key),
    async putPost(post) {
      await posts.set(post.key, post);
    },
    async deletePost(key) {
      await posts.delete(key);
    },
  };
  return store;
}
