import type { AnyBlock } from '@slack/types';
import type { TsClock } from './ids.js';
import type { EphemeralMessage, MessageMetadataIn, StoredFile, StoredMessage } from './types.js';

export interface NewMessage {
  channel: string;
  text: string;
  blocks?: AnyBlock[];
  metadata?: MessageMetadataIn;
  thread_ts?: string;
  reply_broadcast?: boolean;
  unfurl_links?: boolean;
  unfurl_media?: boolean;
  user: string;
  bot_id?: string;
  app_id?: string;
  team: string;
  files?: StoredFile[];
}

export interface MessagePatch {
  text?: string;
  blocks?: AnyBlock[];
  metadata?: MessageMetadataIn;
  editedBy: string;
}

/**
 * Channels, threads and ephemerals as Slack keeps them. Every read returns copies, computed at read time
 * (reply_count, latest_reply), so a snapshot a test holds does not change under it.
 */
export class MessageStore {
  /** Per channel, every message (top-level and replies) in posting order; ts increase, so it is sorted. */
  private readonly byChannel = new Map<string, StoredMessage[]>();
  readonly ephemerals: EphemeralMessage[] = [];

  constructor(private readonly clock: TsClock) {}

  post(m: NewMessage): StoredMessage | { error: string } {
    const list = this.channelList(m.channel);
    let threadTs: string | undefined;
    if (m.thread_ts) {
      const target = list.find((x) => x.ts === m.thread_ts);
      // Slack attaches a reply to a reply to the same thread; an unknown parent is refused here so that a
      // bad ts in the app shows up in tests instead of silently becoming a top-level post.
      if (!target) return { error: 'thread_not_found' };
      threadTs = target.thread_ts ?? target.ts;
    }
    const msg: StoredMessage = {
      type: 'message',
      channel: m.channel,
      ts: this.clock.next(),
      text: m.text,
      user: m.user,
      team: m.team,
      ...(m.bot_id ? { bot_id: m.bot_id } : {}),
      ...(m.app_id ? { app_id: m.app_id } : {}),
      ...(m.blocks ? { blocks: m.blocks } : {}),
      ...(m.metadata ? { metadata: m.metadata } : {}),
      ...(m.files ? { files: m.files } : {}),
      ...(threadTs ? { thread_ts: threadTs } : {}),
      ...(threadTs && m.reply_broadcast ? { subtype: 'thread_broadcast' as const } : {}),
      ...(m.unfurl_links !== undefined ? { unfurl_links: m.unfurl_links } : {}),
      ...(m.unfurl_media !== undefined ? { unfurl_media: m.unfurl_media } : {}),
    };
    list.push(msg);
    return this.present(msg);
  }

  update(channel: string, ts: string, patch: MessagePatch): StoredMessage | undefined {
    const msg = this.byChannel.get(channel)?.find((x) => x.ts === ts);
    if (!msg) return undefined;
    if (patch.text !== undefined) msg.text = patch.text;
    if (patch.blocks !== undefined) msg.blocks = patch.blocks;
    if (patch.metadata !== undefined) msg.metadata = patch.metadata;
    msg.edited = { user: patch.editedBy, ts: this.clock.next() };
    return this.present(msg);
  }

  delete(channel: string, ts: string): boolean {
    const list = this.byChannel.get(channel);
    const i = list?.findIndex((x) => x.ts === ts) ?? -1;
    if (!list || i < 0) return false;
    list.splice(i, 1);
    return true;
  }

  find(channel: string, ts: string): StoredMessage | undefined {
    const msg = this.byChannel.get(channel)?.find((x) => x.ts === ts);
    return msg ? this.present(msg) : undefined;
  }

  /** Top-level messages in posting order, plus replies broadcast to the channel (as Slack shows them). */
  channelMessages(channel: string): StoredMessage[] {
    return (this.byChannel.get(channel) ?? [])
      .filter((m) => m.thread_ts === undefined || m.subtype === 'thread_broadcast')
      .map((m) => this.present(m));
  }

  /** The parent (first) and its replies, or undefined when `ts` is no message of the channel. */
  thread(channel: string, ts: string): StoredMessage[] | undefined {
    const list = this.byChannel.get(channel) ?? [];
    const hit = list.find((m) => m.ts === ts);
    if (!hit) return undefined;
    const parentTs = hit.thread_ts ?? hit.ts;
    return list.filter((m) => m.ts === parentTs || m.thread_ts === parentTs).map((m) => this.present(m));
  }

  threadReplies(channel: string, ts: string): StoredMessage[] {
    return (this.thread(channel, ts) ?? []).filter((m) => m.ts !== ts);
  }

  addEphemeral(e: Omit<EphemeralMessage, 'ts'>): EphemeralMessage {
    const eph: EphemeralMessage = { ...e, ts: this.clock.next() };
    this.ephemerals.push(eph);
    return eph;
  }

  findEphemeral(ts: string): EphemeralMessage | undefined {
    return this.ephemerals.find((e) => e.ts === ts && !e.deleted);
  }

  channels(): string[] {
    return [...this.byChannel.keys()];
  }

  clear(): void {
    this.byChannel.clear();
    this.ephemerals.length = 0;
  }

  private channelList(channel: string): StoredMessage[] {
    let list = this.byChannel.get(channel);
    if (!list) {
      list = [];
      this.byChannel.set(channel, list);
    }
    return list;
  }

  /** A copy with the thread summary fields Slack computes on read. */
  private present(msg: StoredMessage): StoredMessage {
    const copy: StoredMessage = structuredClone(msg);
    if (msg.thread_ts !== undefined) {
      const parent = this.byChannel.get(msg.channel)?.find((m) => m.ts === msg.thread_ts);
      if (parent) copy.parent_user_id = parent.user;
      return copy;
    }
    const replies = (this.byChannel.get(msg.channel) ?? []).filter((m) => m.thread_ts === msg.ts);
    const last = replies.at(-1);
    if (last) {
      copy.thread_ts = msg.ts;
      copy.reply_count = replies.length;
      copy.latest_reply = last.ts;
      copy.reply_users = [...new Set(replies.map((r) => r.user))];
    }
    return copy;
  }
}
