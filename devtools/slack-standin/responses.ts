import type { AnyBlock } from '@slack/types';
import { isRecord } from './args.js';
import { checkMessageBlocks } from './checks.js';
import type { ResponseUrlEntry, StandinState } from './core.js';
import type { MessageMetadataIn } from './types.js';

/** Slack: a response_url takes up to 5 posts within 30 minutes. */
const MAX_USES = 5;
const LIFETIME_MS = 30 * 60 * 1000;

export interface HttpAnswer {
  status: number;
  json: Record<string, unknown>;
}

/**
 * A post to a response_url: checks Slack's use limits, records it, and applies it to the message model
 * (replace/delete the original, or a new in-channel or ephemeral message).
 */
export function handleResponsePost(state: StandinState, id: string, body: unknown): HttpAnswer {
  const answer = decide(state, id, body);
  state.responses.push({
    id,
    body: isRecord(body) ? body : { invalid: body },
    at: state.now(),
    status: answer.status,
  });
  state.waiters.notify();
  return answer;
}

function decide(state: StandinState, id: string, body: unknown): HttpAnswer {
  const entry = state.responseUrls.get(id);
  if (!entry) return { status: 404, json: { ok: false, error: 'invalid_url' } };
  if (state.now() - entry.createdAt > LIFETIME_MS)
    return { status: 404, json: { ok: false, error: 'expired_url' } };
  if (entry.uses >= MAX_USES) return { status: 404, json: { ok: false, error: 'used_url' } };
  entry.uses += 1;
  if (!isRecord(body)) return { status: 400, json: { ok: false, error: 'invalid_payload' } };
  let blocks: ReturnType<typeof checkMessageBlocks> | undefined;
  if (body.blocks !== undefined) {
    blocks = checkMessageBlocks(body.blocks);
    if ('error' in blocks) return { status: 400, json: { ok: false, error: blocks.error } };
    state.checkPayload('message', 'response_url', blocks.blocks);
  }
  const text = typeof body.text === 'string' ? body.text : '';
  const content = { text, ...(blocks && 'blocks' in blocks ? { blocks: blocks.blocks } : {}) };
  apply(state, entry, body, content);
  return { status: 200, json: { ok: true } };
}

function apply(
  state: StandinState,
  entry: ResponseUrlEntry,
  body: Record<string, unknown>,
  content: { text: string; blocks?: AnyBlock[] },
): void {
  const target = findTarget(state, entry);
  if (body.delete_original === true) {
    if (target?.kind === 'channel') state.messages.delete(target.channel, target.ts);
    if (target?.kind === 'ephemeral') {
      const eph = state.messages.findEphemeral(target.ts);
      if (eph) eph.deleted = true;
    }
    return;
  }
  if (body.replace_original === true && target) {
    if (target.kind === 'channel') {
      state.messages.update(target.channel, target.ts, { ...content, editedBy: state.identity.botUserId });
    } else {
      const eph = state.messages.findEphemeral(target.ts);
      if (eph) Object.assign(eph, content.blocks ? content : { text: content.text, blocks: undefined });
    }
    return;
  }
  const channel = entry.ctx.channel ?? '';
  const threadTs = typeof body.thread_ts === 'string' ? body.thread_ts : entry.ctx.threadTs;
  if (body.response_type === 'in_channel') {
    const { botUserId, botId, appId, teamId } = state.identity;
    const metadata = readMetadata(body.metadata);
    const posted = state.messages.post({
      channel,
      ...content,
      ...(metadata ? { metadata } : {}),
      ...(threadTs ? { thread_ts: threadTs } : {}),
      user: botUserId,
      bot_id: botId,
      app_id: appId,
      team: teamId,
    });
    if (!('error' in posted)) entry.last = { kind: 'channel', channel, ts: posted.ts };
    return;
  }
  const eph = state.messages.addEphemeral({
    channel,
    user: entry.ctx.user ?? '',
    ...content,
    ...(threadTs ? { thread_ts: threadTs } : {}),
    via: 'response_url',
  });
  entry.last = { kind: 'ephemeral', channel, ts: eph.ts };
}

/** The interaction's own message when there is one, else what this URL last posted. */
function findTarget(state: StandinState, entry: ResponseUrlEntry): ResponseUrlEntry['last'] {
  const { messageTs, channel } = entry.ctx;
  if (messageTs) {
    if (channel && state.messages.find(channel, messageTs))
      return { kind: 'channel', channel, ts: messageTs };
    if (state.messages.findEphemeral(messageTs))
      return { kind: 'ephemeral', channel: channel ?? '', ts: messageTs };
    return undefined;
  }
  return entry.last;
}

function readMetadata(m: unknown): MessageMetadataIn | undefined {
  return isRecord(m) && typeof m.event_type === 'string' && isRecord(m.event_payload)
    ? { event_type: m.event_type, event_payload: m.event_payload }
    : undefined;
}
