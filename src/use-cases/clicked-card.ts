import type { BlockAction, ButtonAction } from '@slack/bolt';

/** Where the clicked card is, so start/cancel can update that very card. */
export function clickedCard(body: BlockAction<ButtonAction>) {
  const container = body.container as { channel_id?: string; message_ts?: string } | undefined;
  return {
    channel: body.channel?.id ?? container?.channel_id,
    messageTs: body.message?.ts ?? container?.message_ts,
    ephemeral: isEphemeral(body),
  };
}

/** True when the button sits on a message only the clicking user can see. */
export function isEphemeral(body: BlockAction<ButtonAction>): boolean {
  const container = body.container as { is_ephemeral?: boolean } | undefined;
  return container?.is_ephemeral === true;
}
