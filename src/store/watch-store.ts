import type Keyv from 'keyv';
import type { WarningRecord } from '../domain/warning.js';
import { isLiveWatch, RETENTION_MS, type WatchRecord } from '../domain/watch.js';
import { DEFAULT_WATCH_SETTINGS, type WatchSettings } from '../domain/watch-settings.js';
import { type KeyvFactory, SQLITE_TABLE } from './keyv-factory.js';
import { migrateLegacyIndexes } from './legacy-indexes.js';
import { openSetIndex, type SetIndex } from './set-index.js';

/** A watch as stored: what users see plus what the poller needs to post each transition once. */
export interface StoredWatch extends WatchRecord {
  /** Milliseconds; tells one watch of a job×channel from a later re-watch (outbox keys use it). */
  startedMs: number;
  /**
   * What already existed when the watch began, never posted: transition keys (`STATUS@created_at`)
   * and the chart marks already passed (`chart@50`); the last entry is the status the card showed.
   */
  baseline: string[];
  /** Transition keys and chart marks posted in the thread since (each once), so none is posted twice. */
  posted?: string[];
  /** The last status posted in the thread. */
  lastNotified?: string;
  /** Milliseconds, when the watch ended (finished or disabled): it is kept `RETENTION_MS` after. */
  endedMs?: number;
  /** Early warnings posted in the thread (each once), and when each was cleared. */
  warnings?: WarningRecord[];
  /** While muted: the transition keys the thread would have got (`JOB_GONE@…` for a 404), for the mute's summary. */
  heldWhileMuted?: string[];
}

/** A mute due to end, as the muted index lists it: no watch record read to know it. */
export interface MuteEntry {
  jobId: string;
  channel: string;
  /** Milliseconds, the watch's `mutedUntil`. */
  untilMs: number;
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
 * What the cards of a watched job show, as of the last pass that brought them all up to date: a few
 * bytes per job, so a pass reads these instead of every watch, and a restarted instance knows which
 * jobs changed while it was down.
 */
export interface JobState {
  status: string;
  /** The job's modified_at (Unix seconds) the cards were built from. */
  modifiedAt: number;
  /** The job's created_at (Unix seconds): where a list must start to include it. */
  createdAt: number;
  /** Milliseconds, when the job's cards were last edited to its current details. */
  shownAt: number;
  /** Live watches with a card: the chat.update calls one refresh of the job costs. */
  cards: number;
  /**
   * The job's modified_at as the provider's list last showed it: a list may derive it otherwise than
   * the job's details do (the OpenAI shape has no such field), so lists are compared with lists.
   */
  listedModifiedAt?: number;
  /** `progressMarker` of the job as last fetched, and since when (ms) it has not changed: a stall. */
  progress?: { marker: string; sinceMs: number };
  /** Milliseconds, when the job's next early warning falls due if it stays as it is: fetched then. */
  warnDueMs?: number;
}

/**
 * Watchers, their card messages, the post outbox and the per-job state, over Keyv. Lookups by job,
 * by channel and of the active jobs read index entries, never scan keys; each index update is O(1)
 * (see `set-index.ts`). Ended watches, outbox records, job states and index entries expire after
 * `RETENTION_MS` (Keyv TTLs; the SQLite file is swept by `sweep()`).
 *
 * A watch record is last writer wins, which is fine because one instance polls at a time (lease) and
 * user commands touch one record. The SQLite store is for one process (use Redis for several).
 */
export interface WatchStore {
  get(jobId: string, channel: string): Promise<StoredWatch | undefined>;
  /**
   * Writes the record and keeps the indexes (job → channels, channel → jobs, active jobs) in step.
   * `before`: the stored version this one replaces, just read; when the watch keeps its place in the
   * indexes (same state, card or not, end), only the record is written.
   */
  put(watch: StoredWatch, before?: StoredWatch): Promise<void>;
  ofJob(jobId: string): Promise<StoredWatch[]>;
  /** This channel's watches, the ended ones of the last `RETENTION_MS` included. */
  ofChannel(channel: string): Promise<StoredWatch[]>;
  /**
   * The watches this user set up (App Home), the ended ones of the last `RETENTION_MS` included.
   * Indexed when a watch is written; one written by an earlier version is found once it is next put.
   */
  ofUser(userId: string): Promise<StoredWatch[]>;
  /** Jobs with at least one active or paused watch: what the poller polls. */
  activeJobIds(): Promise<string[]>;
  /** Jobs with a live watch whose card is not posted yet (`watch()` failed or is still posting it). */
  jobsAwaitingCard(): Promise<string[]>;
  /** The watches paused by a provider's 410, read without reading the others. */
  pausedWatches(): Promise<StoredWatch[]>;
  /**
   * Mutes whose end is at or before `nowMs`, from the muted index alone (one read, O(muted)), so a
   * mute of a quiet job (whose watch no pass reads) still ends with its summary.
   */
  mutesDue(nowMs: number): Promise<MuteEntry[]>;
  /** Drops an entry of the muted index that no longer matches its watch (re-watched, record gone). */
  forgetMute(entry: MuteEntry): Promise<void>;
  /** What new watches in the channel take (`/finetune settings`); the defaults when never set. */
  channelDefaults(channel: string): Promise<WatchSettings>;
  putChannelDefaults(channel: string, settings: WatchSettings): Promise<void>;
  getPost(key: string): Promise<PostRecord | undefined>;
  putPost(post: PostRecord): Promise<void>;
  deletePost(key: string): Promise<void>;
  /** Outbox intents written and not yet marked sent. */
  pendingPosts(): Promise<number>;
  jobStates(jobIds: string[]): Promise<Map<string, JobState>>;
  putJobState(jobId: string, state: JobState): Promise<void>;
  deleteJobState(jobId: string): Promise<void>;
  /** Deletes what outlived its retention, where the backing store does not expire keys itself. */
  sweep(): Promise<void>;
  /** Records read so far, by kind (watches, job states): what a pass costs the store. */
  readonly reads: { watch: number; jobState: number };
}

export interface WatchStoreOptions {
  /** Milliseconds since the epoch (index expiries). */
  now?: () => number;
  /** How long ended watches, outbox records and job states are kept. Default `RETENTION_MS`. */
  retentionMs?: number;
}

const ACTIVE = 'active';
const NO_CARD = 'nocard';
const PENDING = 'pending';
const PAUSED = 'paused';
const MUTED = 'muted';
const watchKey = (jobId: string, channel: string) => `${jobId}:${channel}`;
const byJob = (jobId: string) => `job:${jobId}`;
const byChannel = (channel: string) => `chan:${channel}`;
const byUser = (userId: string) => `user:${userId}`;
// `|` is in neither a job id nor a channel id.
const pairOf = (w: StoredWatch) => `${w.jobId}|${w.channel}`;
const jobOfPair = (pair: string) => pair.slice(0, pair.lastIndexOf('|'));
/** A muted watch's entry: its pair and its end, so the index alone says which mutes are due. */
const muteMember = (w: StoredWatch, until: number) => `${pairOf(w)}|${until}`;
function muteEntryOf(member: string): MuteEntry | undefined {
  const [jobId, channel, until] = member.split('|');
  const untilMs = Number(until);
  return jobId && channel && Number.isFinite(untilMs) ? { jobId, channel, untilMs } : undefined;
}
/** What a watch's index entries depend on: two versions with the same place share them. */
const placeOf = (w: StoredWatch) => `${w.state}|${w.cardTs ? 'card' : ''}|${w.endedMs ?? ''}|${w.userId}`;

export function createWatchStore(kv: KeyvFactory, o: WatchStoreOptions = {}): WatchStore {
  const now = o.now ?? Date.now;
  const retention = o.retentionMs ?? RETENTION_MS;
  const records: Keyv<StoredWatch> = kv.open('watches');
  const posts: Keyv<PostRecord> = kv.open('outbox');
  const states: Keyv<JobState> = kv.open('jobstate');
  const channelSettings: Keyv<WatchSettings> = kv.open('chansettings');
  const sets: SetIndex = openSetIndex(kv, 'watchix');
  const reads = { watch: 0, jobState: 0 };

  const many = async (keys: string[]): Promise<StoredWatch[]> => {
    if (keys.length === 0) return [];
    reads.watch += keys.length;
    const found = await records.getMany(keys);
    return found.filter((w): w is StoredWatch => w != null);
  };
  // Indexes written by earlier versions (one JSON array or Redis set per index) are carried over once.
  let migrated: Promise<void> | undefined;
  const liveOfJob = async (jobId: string) =>
    (await many((await sets.members(byJob(jobId), now())).map((c) => watchKey(jobId, c)))).some(isLiveWatch);
  const ready = () => {
    migrated ??= migrateLegacyIndexes(kv, (w) => store.put(w));
    return migrated;
  };

  const store: WatchStore = {
    reads,
    async get(jobId, channel) {
      await ready();
      reads.watch++;
      return records.get(watchKey(jobId, channel));
    },
    async put(watch, before) {
      const live = isLiveWatch(watch);
      // An ended watch (and its place in the indexes) is kept for the retention, then forgotten.
      const ended = live ? undefined : { ...watch, endedMs: watch.endedMs ?? now() };
      const expires = ended ? (ended.endedMs as number) + retention : undefined;
      const ttl = expires === undefined ? undefined : Math.max(1, expires - now());
      await records.set(watchKey(watch.jobId, watch.channel), ended ?? watch, ttl);
      // The muted index follows the mute (its entry outlives the end by the retention at most).
      if (before?.mutedUntil !== watch.mutedUntil) {
        if (before?.mutedUntil !== undefined) await sets.remove(MUTED, muteMember(before, before.mutedUntil));
        if (watch.mutedUntil !== undefined)
          await sets.add(MUTED, muteMember(watch, watch.mutedUntil), watch.mutedUntil + retention);
      }
      // Most writes (a reply recorded, the last status) leave the indexes as they were.
      if (before && placeOf(before) === placeOf(ended ?? watch)) return;
      await sets.add(byJob(watch.jobId), watch.channel, expires);
      await sets.add(byChannel(watch.channel), watch.jobId, expires);
      await sets.add(byUser(watch.userId), pairOf(watch), expires);
      if (live && !watch.cardTs) await sets.add(NO_CARD, pairOf(watch));
      else await sets.remove(NO_CARD, pairOf(watch));
      if (watch.state === 'paused') await sets.add(PAUSED, pairOf(watch));
      else await sets.remove(PAUSED, pairOf(watch));
      if (live) {
        await sets.add(ACTIVE, watch.jobId);
        return;
      }
      // Remove, then look: a watch another instance starts meanwhile is either seen here or adds
      // itself after our removal, so the job is never left out of the active set.
      await sets.remove(ACTIVE, watch.jobId);
      if (await liveOfJob(watch.jobId)) await sets.add(ACTIVE, watch.jobId);
    },
    async ofJob(jobId) {
      await ready();
      const channels = await sets.members(byJob(jobId), now());
      return many(channels.map((c) => watchKey(jobId, c)));
    },
    async ofChannel(channel) {
      await ready();
      const jobs = await sets.members(byChannel(channel), now());
      return many(jobs.map((j) => watchKey(j, channel)));
    },
    async ofUser(userId) {
      await ready();
      const pairs = await sets.members(byUser(userId), now());
      // A pair re-watched by someone else since stays in this user's index: the record says whose it is.
      return (await many(pairs.map((p) => p.replace('|', ':')))).filter((w) => w.userId === userId);
    },
    async activeJobIds() {
      await ready();
      return sets.members(ACTIVE, now());
    },
    async jobsAwaitingCard() {
      await ready();
      return [...new Set((await sets.members(NO_CARD, now())).map(jobOfPair))];
    },
    async pausedWatches() {
      await ready();
      const pairs = await sets.members(PAUSED, now());
      return (await many(pairs.map((p) => p.replace('|', ':')))).filter((w) => w.state === 'paused');
    },
    async mutesDue(nowMs) {
      await ready();
      const entries = (await sets.members(MUTED, now())).map(muteEntryOf);
      return entries.filter((e): e is MuteEntry => e !== undefined && e.untilMs <= nowMs);
    },
    async forgetMute(e) {
      await sets.remove(MUTED, `${e.jobId}|${e.channel}|${e.untilMs}`);
    },
    async channelDefaults(channel) {
      return { ...DEFAULT_WATCH_SETTINGS, ...(await channelSettings.get(channel)) };
    },
    async putChannelDefaults(channel, settings) {
      await channelSettings.set(channel, settings);
    },
    getPost: (key) => posts.get(key),
    async putPost(post) {
      await posts.set(post.key, post, retention);
      if (post.state === 'pending') await sets.add(PENDING, post.key, now() + retention);
      else await sets.remove(PENDING, post.key);
    },
    async deletePost(key) {
      await posts.delete(key);
      await sets.remove(PENDING, key);
    },
    pendingPosts: () => sets.count(PENDING, now()),
    async jobStates(jobIds) {
      const out = new Map<string, JobState>();
      if (jobIds.length === 0) return out;
      reads.jobState += jobIds.length;
      const found = await states.getMany(jobIds);
      found.forEach((s, i) => {
        if (s) out.set(jobIds[i] as string, s);
      });
      return out;
    },
    async putJobState(jobId, state) {
      await states.set(jobId, state, retention);
    },
    async deleteJobState(jobId) {
      await states.delete(jobId);
    },
    async sweep() {
      await sets.sweep(now());
      if (!kv.sqlite) return;
      // Keyv keeps a TTL in the value ({"value":…,"expires":ms}) and drops it only when read: what is
      // never read again is deleted here.
      // `homeshown`: the status each App Home tab last showed of a job (use-cases/home-publisher.ts).
      for (const ns of ['watches', 'outbox', 'jobstate', 'homeshown']) {
        await kv.sqlite(
          `DELETE FROM ${SQLITE_TABLE} WHERE key LIKE ? AND json_valid(value) ` +
            `AND json_extract(value, '$.expires') <= ?`,
          `${ns}:%`,
          Date.now(),
        );
      }
    },
  };
  return store;
}
