import { randomBytes } from 'node:crypto';
import type { StoredMessage } from '../slack-standin/types.js';

export interface LinkSharedOptions {
  channel: string;
  user: string;
  messageTs: string;
  urls: readonly string[];
  threadTs?: string;
  /** Slack's `source`: `conversations_history` (a posted message, the default) or `composer`. */
  source?: 'conversations_history' | 'composer';
}

/** The `event` of a `link_shared` delivery, shaped as Slack documents it (events/link_shared). */
export function linkSharedEvent(o: LinkSharedOptions): Record<string, unknown> {
  const composer = o.source === 'composer';
  const unfurlId = composer
    ? randomBytes(16).toString('hex')
    : `${o.channel}.${o.messageTs}.${randomBytes(8).toString('hex')}`;
  return {
    type: 'link_shared',
    ...(composer
      ? { channel_id: 'COMPOSER', message_ts: unfurlId }
      : { channel: o.channel, message_ts: o.messageTs }),
    is_bot_user_member: true,
    user: o.user,
    unfurl_id: unfurlId,
    ...(o.threadTs ? { thread_ts: o.threadTs } : {}),
    source: o.source ?? 'conversations_history',
    links: o.urls.map((url) => ({ domain: new URL(url).hostname, url })),
    event_ts: (Date.now() / 1000).toFixed(6),
  };
}

/** An Events API `event_callback` envelope around one event. */
export function eventCallback(
  event: Record<string, unknown>,
  ids: { teamId: string; apiAppId: string; user: string },
): Record<string, unknown> {
  return {
    token: 'legacy-verification-token',
    team_id: ids.teamId,
    api_app_id: ids.apiAppId,
    // Slack's event_ts: seconds with a 6-digit fraction.
    event: { event_ts: (Date.now() / 1000).toFixed(6), ...event },
    type: 'event_callback',
    event_id: `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ user_id: ids.user, team_id: ids.teamId, is_bot: false, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  };
}

/** `message` of a `message_action` payload: the message as Slack stores it, without the stand-in's channel. */
export function shortcutMessage(m: StoredMessage): Record<string, unknown> {
  const { channel: _channel, ...rest } = m;
  return rest;
}
