import { randomBytes } from 'node:crypto';

/** An Events API `event_callback` envelope around one event, as Slack posts it (JSON). */
export function eventCallback(
  event: Record<string, unknown>,
  o: { teamId: string; apiAppId: string; eventTs: string },
): Record<string, unknown> {
  return {
    token: 'legacy-verification-token',
    team_id: o.teamId,
    api_app_id: o.apiAppId,
    event: { event_ts: o.eventTs, ...event },
    type: 'event_callback',
    event_id: `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
    event_time: Math.floor(Number(o.eventTs)),
    authorizations: [
      {
        enterprise_id: null,
        team_id: o.teamId,
        user_id: 'U0000BOT',
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${randomBytes(8).toString('hex')}`,
  };
}

/** Slack's event_ts: seconds with a 6-digit fraction. */
export const eventTs = (ms: number = Date.now()) => (ms / 1000).toFixed(6);
