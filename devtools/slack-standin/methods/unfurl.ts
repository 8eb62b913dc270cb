import type { AnyBlock } from '@slack/types';
import { isRecord, str } from '../args.js';
import { checkMessageBlocks } from '../checks.js';
import type { StandinState } from '../core.js';
import { resolveChannel } from '../ids.js';
import type { StoredUnfurl } from '../types.js';
import { fail, type MethodHandler, ok } from './result.js';

/** Where a message's unfurls are kept: by channel and ts, or by unfurl_id for composer previews. */
export const unfurlKey = (channel: string, ts: string) => `${channel}:${ts}`;

/** Slack's `&`-escaping in message text: a URL with a query appears as `…?a=1&amp;b=2`. */
const inText = (text: string, url: string) => text.includes(url) || text.includes(url.replace(/&/g, '&amp;'));

/**
 * `chat.unfurl`, checked as Slack checks it: `channel` + `ts` of an existing message (or `unfurl_id`
 * + `source`), an `unfurls` map whose every URL is in that message, each with valid blocks (or an
 * attachment). Calling again for the same message replaces the unfurls of the URLs it names.
 */
export const unfurl: MethodHandler = (state, args) => {
  const unfurlId = str(args, 'unfurl_id');
  const source = str(args, 'source');
  const channelArg = str(args, 'channel');
  const ts = str(args, 'ts');
  if (!(unfurlId && source)) {
    if (!channelArg) return fail('missing_channel');
    if (!ts) return fail('missing_ts');
  }
  if (args.unfurls === undefined) return fail('missing_unfurls');
  if (!isRecord(args.unfurls)) return fail('invalid_unfurls_format');
  const channel = channelArg ? resolveChannel(channelArg) : 'COMPOSER';
  const message = channelArg && ts ? state.messages.find(channel, ts) : undefined;
  if (channelArg && ts && !message) return fail('cannot_find_message');
  const parsed: Record<string, { blocks: AnyBlock[] }> = {};
  for (const [url, value] of Object.entries(args.unfurls)) {
    if (message && !inText(message.text, url))
      return fail('cannot_unfurl_message', `${url} is not in the message`);
    if (!isRecord(value)) return fail('cannot_parse_attachment');
    if (value.blocks === undefined) {
      // A legacy attachment: kept without blocks.
      parsed[url] = { blocks: [] };
      continue;
    }
    const checked = checkMessageBlocks(value.blocks);
    if ('error' in checked) return fail(checked.error, checked.detail);
    state.checkPayload('message', 'chat.unfurl', checked.blocks);
    parsed[url] = { blocks: checked.blocks };
  }
  const key = message && ts ? unfurlKey(channel, ts) : `composer:${unfurlId ?? ''}`;
  const previous = state.unfurls.get(key);
  const stored: StoredUnfurl = {
    channel,
    ts: ts ?? unfurlId ?? '',
    unfurls: { ...previous?.unfurls, ...parsed },
  };
  state.unfurls.set(key, stored);
  return ok();
};

export const unfurlMethods: Record<string, MethodHandler> = { 'chat.unfurl': unfurl };

/** The unfurls the app attached to a message (copies), or undefined when there are none. */
export function unfurlsOf(state: StandinState, channel: string, ts: string): StoredUnfurl | undefined {
  const u = state.unfurls.get(unfurlKey(resolveChannel(channel), ts));
  return u ? structuredClone(u) : undefined;
}
