import { ErrorCode, type FilesUploadV2Arguments } from '@slack/web-api';
import { createKeyedLock } from '../lib/keyed-lock.js';
import type { PosterClient } from '../slack/poster-client.js';
import { type ChannelSlots, inProcessChannelSlots } from '../store/channel-slots.js';
import type { SlackMessage } from '../views/types.js';
import { createUpdatePacer, type UpdatePacerOptions } from './update-pacer.js';

export interface PostMetadata {
  event_type: string;
  event_payload: Record<string, string | number | boolean>;
}

export interface PostInput {
  channel: string;
  message: SlackMessage;
  threadTs?: string;
  /** Thread reply also sent to the channel (terminal statuses). */
  broadcast?: boolean;
  metadata?: PostMetadata;
}

/** A file shared into a channel or thread (a chart). */
export interface UploadInput {
  channel: string;
  threadTs?: string;
  file: Buffer;
  /** Unique per intended upload when the outbox must find it again (`findFile`). */
  filename: string;
  title: string;
  altText: string;
  /** Shown as the message text above the file (mrkdwn, escaped by the caller). */
  initialComment?: string;
}

export interface PosterOptions extends UpdatePacerOptions {
  /** Minimum gap between two posts in one channel; Slack allows about 1 per second. Default 1050. */
  postGapMs?: number;
  /**
   * Who posts next in each channel. Default: in this process only (one instance, SQLite); several
   * instances must share one, e.g. `redisChannelSlots`, or each spaces only its own posts.
   */
  channelSlots?: ChannelSlots;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** How many times one call waits out a 429's Retry-After before the error is thrown. Default 3. */
  rateLimitRetries?: number;
}

/** What is waiting to go to Slack right now (for /metrics). */
export interface PosterStats {
  /** Posts waiting or in flight, across channels. */
  postsQueued: number;
  /** Card edits waiting in the pacer. */
  editsQueued: number;
  /** The 5 channels with the most posts waiting or in flight, deepest first; only depth > 0. */
  deepestChannels: { channel: string; depth: number }[];
}

/**
 * Every Slack write of the watch feature. Posts go through a queue per channel, in order within this
 * process, and each takes the channel's slot (`channelSlots`), so two posts to one channel, from any
 * instances sharing the slots, reach Slack at least `postGapMs` apart; card edits are coalesced and
 * paced by `update-pacer.ts`. A 429 is waited out (Retry-After) and the call sent again, a bounded
 * number of times; any other error is thrown as WebClient raised it, for the outbox to retry on the
 * next pass. The client should not retry by itself (see `slack/poster-client.ts`).
 */
export interface SlackPoster {
  post(input: PostInput): Promise<string>;
  /** A paced chat.update; `urgent` (a status change) goes before routine progress edits. */
  update(channel: string, ts: string, message: SlackMessage, opts?: { urgent?: boolean }): Promise<void>;
  /** Resolves once every queued card edit has gone out (tests, shutdown). */
  idle(): Promise<void>;
  /** The ts of the app's message whose metadata names `key`, in a thread or in recent history. */
  find(
    channel: string,
    key: string,
    opts: { threadTs?: string; oldest: number },
  ): Promise<string | undefined>;
  /**
   * Shares a file (`filesUploadV2`: upload URL, bytes, complete) in the channel's queue, like a post;
   * resolves with the file id. Slack answers with no message ts, and shares the file a moment later.
   */
  upload(input: UploadInput): Promise<string>;
  /** The id of a file named `filename` shared by the app in a thread or in recent history. */
  findFile(
    channel: string,
    filename: string,
    opts: { threadTs?: string; oldest: number },
  ): Promise<string | undefined>;
  /** The DM channel id with a user (conversations.open). */
  openDm(userId: string): Promise<string>;
  readonly counts: { posts: number; updates: number; uploads: number };
  /** Queue depths, read from counters kept as posts and edits come and go. */
  stats(): PosterStats;
}

export const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The fields of Web API answers read here; everything else is ignored. */
interface Answer {
  ts?: unknown;
  messages?: unknown;
  channel?: unknown;
  response_metadata?: unknown;
}

interface FoundMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
  files?: { id?: string; name?: string }[];
}

export function createSlackPoster(client: PosterClient, opts: PosterOptions = {}): SlackPoster {
  const gap = opts.postGapMs ?? 1050;
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? realSleep;
  const channelQueue = createKeyedLock();
  const slots = opts.channelSlots ?? inProcessChannelSlots(now);
  // Posts waiting or in flight, per channel (only channels with some) and in all.
  const depths = new Map<string, number>();
  let postsQueued = 0;
  const counts = { posts: 0, updates: 0, uploads: 0 };
  const rateLimitRetries = opts.rateLimitRetries ?? 3;

  /** One Web API call; a 429 (which Slack did not carry out) is waited out and sent again. */
  function call(method: string, args: Record<string, unknown>): Promise<Answer> {
    return retryingRateLimits(() => client.apiCall(method, args));
  }

  async function retryingRateLimits<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await work();
      } catch (err) {
        const retryAfter = rateLimitedFor(err);
        if (retryAfter === undefined || attempt >= rateLimitRetries) throw err;
        await sleep(retryAfter * 1000);
      }
    }
  }

  const pacer = createUpdatePacer(async (channel, ts, message) => {
    counts.updates++;
    await call('chat.update', { channel, ts, text: message.text, blocks: message.blocks });
  }, opts);

  /** Waits until the channel's slot is this process's (Redis time or ours, see `ChannelSlots`). */
  async function takeSlot(channel: string): Promise<void> {
    for (let wait = await slots.take(channel, gap); wait > 0; wait = await slots.take(channel, gap)) {
      await sleep(wait);
    }
  }

  /**
   * Runs `work` after every earlier post of the channel in this process, in the channel's slot: not
   * sooner than `gap` after the last post to the channel was answered, here or on another instance.
   */
  async function inChannel<T>(channel: string, work: () => Promise<T>): Promise<T> {
    const run = async () => {
      if (gap <= 0) return work();
      await takeSlot(channel);
      try {
        return await work();
      } finally {
        // Not the post's failure: the slot taken above still spaces the next post by `gap` from
        // this one's start, so only the call's own duration is lost from the spacing.
        await slots.restartGap(channel, gap).catch(() => undefined);
      }
    };
    postsQueued++;
    depths.set(channel, (depths.get(channel) ?? 0) + 1);
    try {
      return await channelQueue(channel, run);
    } finally {
      postsQueued--;
      const left = (depths.get(channel) ?? 1) - 1;
      if (left > 0) depths.set(channel, left);
      else depths.delete(channel);
    }
  }

  /** The first of the app's messages (thread, else recent history; 5 pages at most) that matches. */
  async function scan(
    channel: string,
    { threadTs, oldest }: { threadTs?: string; oldest: number },
    match: (m: FoundMessage) => boolean,
  ): Promise<FoundMessage | undefined> {
    const method = threadTs ? 'conversations.replies' : 'conversations.history';
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const res = await call(method, {
        channel,
        ...(threadTs ? { ts: threadTs } : { oldest: String(Math.max(0, oldest - 60)) }),
        include_all_metadata: true,
        limit: 200,
        ...(cursor ? { cursor } : {}),
      });
      const hit = ((res.messages ?? []) as FoundMessage[]).find(match);
      if (hit) return hit;
      cursor = (res.response_metadata as { next_cursor?: string } | undefined)?.next_cursor;
      if (!cursor) return undefined;
    }
    return undefined;
  }

  return {
    counts,
    post(input) {
      return inChannel(input.channel, async () => {
        counts.posts++;
        const res = await call('chat.postMessage', {
          channel: input.channel,
          text: input.message.text,
          blocks: input.message.blocks,
          unfurl_links: false,
          ...(input.threadTs ? { thread_ts: input.threadTs, reply_broadcast: input.broadcast ?? false } : {}),
          ...(input.metadata ? { metadata: input.metadata } : {}),
        });
        if (typeof res.ts !== 'string') throw new Error('chat.postMessage answered without a ts');
        return res.ts;
      });
    },
    update: (channel, ts, message, o) => pacer.update(channel, ts, message, o?.urgent ?? false),
    idle: () => pacer.idle(),
    stats() {
      const deepestChannels = [...depths]
        .map(([channel, depth]) => ({ channel, depth }))
        .sort((a, b) => b.depth - a.depth)
        .slice(0, 5);
      return { postsQueued, editsQueued: pacer.queued(), deepestChannels };
    },
    async find(channel, key, { threadTs, oldest }) {
      const hit = await scan(channel, { threadTs, oldest }, (m) => m.metadata?.event_payload?.key === key);
      return hit?.ts;
    },
    upload(input) {
      return inChannel(input.channel, async () => {
        counts.uploads++;
        // A 429 on any of the three steps means the file was not shared: all three are sent again.
        const common = {
          channel_id: input.channel,
          file: input.file,
          filename: input.filename,
          title: input.title,
          alt_text: input.altText,
          ...(input.initialComment ? { initial_comment: input.initialComment } : {}),
        };
        const args: FilesUploadV2Arguments = input.threadTs
          ? { ...common, thread_ts: input.threadTs }
          : common;
        const res = await retryingRateLimits(() => client.filesUploadV2(args));
        const id = fileIdOf(res);
        if (!id) throw new Error('files.completeUploadExternal answered without a file id');
        return id;
      });
    },
    async findFile(channel, filename, { threadTs, oldest }) {
      const hit = await scan(channel, { threadTs, oldest }, (m) =>
        (m.files ?? []).some((f) => f.name === filename),
      );
      return hit?.files?.find((f) => f.name === filename)?.id;
    },
    async openDm(userId) {
      const res = await call('conversations.open', { users: userId });
      const id = (res.channel as { id?: unknown } | undefined)?.id;
      if (typeof id !== 'string') throw new Error('conversations.open answered without a channel id');
      return id;
    },
  };
}

/** The id of the (one) file `filesUploadV2` shared: its answer nests each completion's files. */
function fileIdOf(res: unknown): string | undefined {
  const completions = (res as { files?: { files?: { id?: unknown }[] }[] } | undefined)?.files ?? [];
  const id = completions[0]?.files?.[0]?.id;
  return typeof id === 'string' ? id : undefined;
}

/** Seconds to wait when `err` is WebClient's rejected 429, else undefined. */
function rateLimitedFor(err: unknown): number | undefined {
  const e = err as { code?: unknown; retryAfter?: unknown } | undefined;
  if (e?.code !== ErrorCode.RateLimitedError) return undefined;
  return typeof e.retryAfter === 'number' && e.retryAfter >= 0 ? e.retryAfter : 1;
}
