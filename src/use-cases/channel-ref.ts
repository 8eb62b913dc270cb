import { code } from '../views/escape.js';

export type ChannelRef = { kind: 'channel'; id: string } | { kind: 'problem'; sentence: string };

export const BARE_CHANNEL_SENTENCE =
  'I only get a channel’s id when you pick it from the autocomplete: type `#`, choose the channel from the list, then send.';

/**
 * `<#C123|name>` or `<#C123>` (what Slack sends for a channel picked from the autocomplete), or
 * nothing for "this channel". A typed `#name` has no id, so the user is told how to pick it.
 */
export function parseChannelRef(arg: string | undefined, current: string): ChannelRef {
  if (arg === undefined || arg === '') return { kind: 'channel', id: current };
  const m = /^<#([CGD][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(arg.trim());
  if (m?.[1]) return { kind: 'channel', id: m[1] };
  if (arg.startsWith('#')) return { kind: 'problem', sentence: BARE_CHANNEL_SENTENCE };
  return { kind: 'problem', sentence: `${code(arg)} is not a channel. ${BARE_CHANNEL_SENTENCE}` };
}
