import { bool, num, str } from '../args.js';
import { dmChannelFor, resolveChannel } from '../ids.js';
import type { Args, StoredMessage } from '../types.js';
import { fail, type MethodHandler, ok } from './result.js';

/** Slack only returns message metadata when asked with include_all_metadata, so apps that forget it fail here too. */
function shape(messages: StoredMessage[], args: Args): Record<string, unknown>[] {
  const withMeta = bool(args, 'include_all_metadata');
  return messages.map(({ channel: _c, metadata, ...m }) => (withMeta && metadata ? { ...m, metadata } : m));
}

/** Cursor pagination over an in-memory list; the cursor is an opaque offset, like Slack's base64 strings. */
function paginate<T>(items: T[], args: Args, defaultLimit: number) {
  const limit = Math.max(1, Math.min(num(args, 'limit') ?? defaultLimit, 1000));
  const cursor = str(args, 'cursor');
  const start = cursor
    ? Number(
        Buffer.from(cursor, 'base64')
          .toString('utf8')
          .replace(/^offset:/, ''),
      ) || 0
    : 0;
  const page = items.slice(start, start + limit);
  const next = start + limit < items.length ? Buffer.from(`offset:${start + limit}`).toString('base64') : '';
  return { page, has_more: next !== '', response_metadata: { next_cursor: next } };
}

/** Slack's oldest/latest window: exclusive bounds unless `inclusive`. */
function inWindow(args: Args): (m: StoredMessage) => boolean {
  const oldest = Number(str(args, 'oldest') ?? '0');
  const latest = str(args, 'latest') ? Number(str(args, 'latest')) : Number.POSITIVE_INFINITY;
  const inclusive = bool(args, 'inclusive');
  return (m) => {
    const t = Number(m.ts);
    return inclusive ? t >= oldest && t <= latest : t > oldest && t < latest;
  };
}

const history: MethodHandler = (state, args) => {
  const channelArg = str(args, 'channel');
  if (!channelArg) return fail('channel_not_found');
  const channel = resolveChannel(channelArg);
  const newestFirst = state.messages.channelMessages(channel).filter(inWindow(args)).reverse();
  const { page, ...rest } = paginate(newestFirst, args, 100);
  return ok({ messages: shape(page, args), ...rest });
};

const replies: MethodHandler = (state, args) => {
  const channel = resolveChannel(str(args, 'channel') ?? '');
  const ts = str(args, 'ts');
  const thread = ts ? state.messages.thread(channel, ts) : undefined;
  if (!thread) return fail('thread_not_found');
  const [parent, ...rest] = thread;
  const window = inWindow(args);
  // Slack always returns the parent first, whatever the window says.
  const list = parent ? [parent, ...rest.filter(window)] : [];
  const { page, ...more } = paginate(list, args, 1000);
  return ok({ messages: shape(page, args), ...more });
};

const open: MethodHandler = (_state, args) => {
  const raw = args.users;
  const users = (Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? raw.split(',') : [])
    .map((u) => u.trim())
    .filter(Boolean);
  const existing = str(args, 'channel');
  if (existing) return ok({ channel: { id: resolveChannel(existing) } });
  const [first] = users;
  if (!first) return fail('users_list_not_supplied');
  // A group DM gets a stable id from its sorted members, like opening the same DM twice gives the same id.
  const id = users.length === 1 ? dmChannelFor(first) : `G${[...users].sort().join('').replace(/[UW]/g, '')}`;
  return ok({ channel: { id } });
};

const info: MethodHandler = (state, args) => {
  const channelArg = str(args, 'channel');
  if (!channelArg) return fail('channel_not_found');
  const id = resolveChannel(channelArg);
  const isIm = id.startsWith('D');
  const isPrivate = id.startsWith('G');
  return ok({
    channel: {
      id,
      ...(isIm ? { user: `U${id.slice(1)}` } : { name: id.toLowerCase() }),
      is_channel: !isIm && !isPrivate,
      is_group: isPrivate,
      is_im: isIm,
      is_private: isIm || isPrivate,
      is_archived: false,
      is_member: true,
      context_team_id: state.identity.teamId,
    },
  });
};

export const conversationMethods: Record<string, MethodHandler> = {
  'conversations.history': history,
  'conversations.replies': replies,
  'conversations.open': open,
  'conversations.info': info,
};
