/** Who the driver plays when a test names nobody: one user in one channel of the stand-in's team. */
export const DRIVER_DEFAULTS = {
  teamDomain: 'standin',
  apiAppId: 'A0000APP',
  user: 'U0000USER',
  channel: 'C0000CHAN',
} as const;

/** Who sends a slash command and from where, as Slack names it in the payload. */
export interface SlashCommandInput {
  teamId: string;
  teamDomain: string;
  apiAppId: string;
  channel: string;
  user: string;
  command: string;
  text: string;
  responseUrl: string;
  triggerId: string;
}

/** A slash command's form fields as Slack posts them (application/x-www-form-urlencoded). */
export function slashCommandFields(c: SlashCommandInput): Record<string, string> {
  return {
    token: 'legacy-verification-token',
    team_id: c.teamId,
    team_domain: c.teamDomain,
    channel_id: c.channel,
    channel_name: channelName(c.channel),
    user_id: c.user,
    user_name: c.user.toLowerCase(),
    command: c.command,
    text: c.text,
    api_app_id: c.apiAppId,
    is_enterprise_install: 'false',
    response_url: c.responseUrl,
    trigger_id: c.triggerId,
  };
}

/** Slack's channel_name: the name for a public channel, the kind for a DM or group DM. */
export function channelName(channel: string): string {
  if (channel.startsWith('D')) return 'directmessage';
  if (channel.startsWith('G')) return 'privategroup';
  return channel.toLowerCase();
}
