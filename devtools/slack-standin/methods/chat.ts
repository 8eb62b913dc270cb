import type { AnyBlock } from '@slack/types';
import { bool, isRecord, str } from '../args.js';
import { checkMessageBlocks } from '../checks.js';
import type { StandinState } from '../core.js';
import { resolveChannel } from '../ids.js';
import type { Args, MessageMetadataIn, MethodResult } from '../types.js';
import { fail, type MethodHandler, ok } from './result.js';

type Content = { text: string; blocks?: AnyBlock[]; metadata?: MessageMetadataIn } | { error: MethodResult };

/** text/blocks/metadata of a post or update, checked the way Slack checks them. */
function readContent(state: StandinState, args: Args, source: string, requireSome: boolean): Content {
  const text = typeof args.text === 'string' ? args.text : '';
  let blocks: AnyBlock[] | undefined;
  if (args.blocks !== undefined) {
    const checked = checkMessageBlocks(args.blocks);
    if ('error' in checked) return { error: fail(checked.error, checked.detail) };
    blocks = checked.blocks;
    state.checkPayload('message', source, blocks);
  }
  if (requireSome && text === '' && !blocks?.length && args.attachments === undefined) {
    return { error: fail('no_text') };
  }
  if (text.length > 40_000) return { error: fail('msg_too_long') };
  let metadata: MessageMetadataIn | undefined;
  if (args.metadata !== undefined) {
    const m = args.metadata;
    if (!isRecord(m) || typeof m.event_type !== 'string' || !isRecord(m.event_payload)) {
      return {
        error: fail('invalid_metadata_format', 'metadata needs event_type and an event_payload object'),
      };
    }
    metadata = { event_type: m.event_type, event_payload: m.event_payload };
  }
  return { text, ...(blocks ? { blocks } : {}), ...(metadata ? { metadata } : {}) };
}

function bot(state: StandinState) {
  const { botUserId, botId, appId, teamId } = state.identity;
  return { user: botUserId, bot_id: botId, app_id: appId, team: teamId };
}

const postMessage: MethodHandler = (state, args) => {
  const channelArg = str(args, 'channel');
  if (!channelArg) return fail('channel_not_found');
  const channel = resolveChannel(channelArg);
  const content = readContent(state, args, 'chat.postMessage', true);
  if ('error' in content) return content.error;
  const threadTs = str(args, 'thread_ts');
  const posted = state.messages.post({
    channel,
    ...content,
    ...bot(state),
    ...(threadTs ? { thread_ts: threadTs, reply_broadcast: bool(args, 'reply_broadcast') } : {}),
    ...(args.unfurl_links !== undefined ? { unfurl_links: bool(args, 'unfurl_links') } : {}),
    ...(args.unfurl_media !== undefined ? { unfurl_media: bool(args, 'unfurl_media') } : {}),
  });
  if ('error' in posted) return fail(posted.error);
  const { channel: _c, ...message } = posted;
  return ok({ channel, ts: posted.ts, message });
};

const update: MethodHandler = (state, args) => {
  const channelArg = str(args, 'channel');
  const ts = str(args, 'ts');
  if (!channelArg) return fail('channel_not_found');
  if (!ts) return fail('message_not_found');
  const channel = resolveChannel(channelArg);
  if (!state.messages.find(channel, ts)) return fail('message_not_found');
  const content = readContent(state, args, 'chat.update', false);
  if ('error' in content) return content.error;
  const updated = state.messages.update(channel, ts, {
    ...(args.text !== undefined ? { text: content.text } : {}),
    ...(content.blocks ? { blocks: content.blocks } : {}),
    ...(content.metadata ? { metadata: content.metadata } : {}),
    editedBy: state.identity.botUserId,
  });
  if (!updated) return fail('message_not_found');
  const { channel: _c, ...message } = updated;
  return ok({ channel, ts, text: updated.text, message });
};

const postEphemeral: MethodHandler = (state, args) => {
  const channelArg = str(args, 'channel');
  const user = str(args, 'user');
  if (!channelArg) return fail('channel_not_found');
  if (!user) return fail('user_not_in_channel');
  const content = readContent(state, args, 'chat.postEphemeral', true);
  if ('error' in content) return content.error;
  const threadTs = str(args, 'thread_ts');
  const eph = state.messages.addEphemeral({
    channel: resolveChannel(channelArg),
    user,
    text: content.text,
    ...(content.blocks ? { blocks: content.blocks } : {}),
    ...(threadTs ? { thread_ts: threadTs } : {}),
    via: 'chat.postEphemeral',
  });
  return ok({ message_ts: eph.ts });
};

const getPermalink: MethodHandler = (state, args) => {
  const channel = resolveChannel(str(args, 'channel') ?? '');
  const ts = str(args, 'message_ts') ?? '';
  const msg = state.messages.find(channel, ts);
  if (!msg) return fail('message_not_found');
  const base = `https://${state.identity.teamName}.slack.com/archives/${channel}/p${ts.replace('.', '')}`;
  const permalink =
    msg.thread_ts && msg.thread_ts !== ts ? `${base}?thread_ts=${msg.thread_ts}&cid=${channel}` : base;
  return ok({ channel, permalink });
};

const del: MethodHandler = (state, args) => {
  const channel = resolveChannel(str(args, 'channel') ?? '');
  const ts = str(args, 'ts') ?? '';
  return state.messages.delete(channel, ts) ? ok({ channel, ts }) : fail('message_not_found');
};

export const chatMethods: Record<string, MethodHandler> = {
  'chat.postMessage': postMessage,
  'chat.update': update,
  'chat.postEphemeral': postEphemeral,
  'chat.getPermalink': getPermalink,
  'chat.delete': del,
};
