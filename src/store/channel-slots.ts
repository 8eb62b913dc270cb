import type { RedisClient } from './redis-client.js';

/**
 * Who may post to a channel next, so posts keep Slack's one-per-second-per-channel pace. A slot is
 * taken before a post and its gap started again once the post is answered, so the spacing Slack sees
 * does not depend on how long a call takes.
 */
export interface ChannelSlots {
  /** 0: the slot is yours, send now (no one gets the next for `gapMs`); else ms to wait before asking again. */
  take(channel: string, gapMs: number): Promise<number>;
  /** The post sent in the slot was answered: the channel's next slot opens `gapMs` from now. */
  restartGap(channel: string, gapMs: number): Promise<void>;
}

/**
 * One process only (SQLite): a map of when each channel's next slot opens. Bounded: entries whose
 * slot has opened are pruned as soon as they are the oldest, so the map holds only the channels
 * posted to within the last gap, not every channel ever posted to.
 */
export function inProcessChannelSlots(
  now: () => number = Date.now,
): ChannelSlots & { readonly size: number } {
  // Insertion order is opening order, since every entry is (re)inserted at now + the one gap.
  const opensAt = new Map<string, number>();
  const prune = (t: number) => {
    for (const [channel, at] of opensAt) {
      if (at > t) return;
      opensAt.delete(channel);
    }
  };
  const openAt = (channel: string, at: number) => {
    opensAt.delete(channel);
    opensAt.set(channel, at);
  };
  return {
    get size() {
      return opensAt.size;
    },
    async take(channel, gapMs) {
      const t = now();
      prune(t);
      const at = opensAt.get(channel);
      if (at !== undefined && at > t) return at - t;
      openAt(channel, t + gapMs);
      return 0;
    },
    async restartGap(channel, gapMs) {
      const t = now();
      openAt(channel, Math.max(opensAt.get(channel) ?? t, t + gapMs));
      prune(t);
    },
  };
}

/**
 * Across instances: one key per channel, `<prefix>:pace:<channel>`, set with `SET NX PX gapMs`, so
 * one instance at a time has the channel's slot; a loser waits the key's `PTTL`. Restarting the gap
 * is a plain `SET PX`, which never shortens a slot: every slot was taken no later than now with the
 * same gap. Limits: the spacing is by Redis's clock; a post whose call outlasts the gap (a slow Slack,
 * a 429 waited out) no longer holds the slot, so another instance's post may go out beside it.
 */
export function redisChannelSlots(redis: () => Promise<RedisClient>, prefix = 'finetune'): ChannelSlots {
  const key = (channel: string) => `${prefix}:pace:${channel}`;
  return {
    async take(channel, gapMs) {
      const client = await redis();
      if ((await client.set(key(channel), '1', { NX: true, PX: gapMs })) === 'OK') return 0;
      const left = await client.pTTL(key(channel));
      // -2: the key expired between the two calls; ask again at once.
      if (left === -2) return 1;
      // -1: a key without expiry (not one of ours) would hold the channel forever; give it the gap.
      if (left === -1) {
        await client.pExpire(key(channel), gapMs, 'NX');
        return gapMs;
      }
      return Math.max(1, left);
    },
    async restartGap(channel, gapMs) {
      const client = await redis();
      await client.set(key(channel), '1', { PX: gapMs });
    },
  };
}
