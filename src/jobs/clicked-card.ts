import type { BlockAction, ButtonAction } from '@slack/bolt';
import { isEphemeral } from '../actions/context.js';

/** Where the clicked card is, so start/cancel can update that very card. */
export function clickedCard(body: BlockAction<ButtonAction>) {
  const container = body.container as { channel_id?: string; message_ts?: string } | undefined;
  return {
    channel: body.channel?.id ?? container?.channel_id,
    messageTs: body.message?.ts ?? container?.message_ts,
    ephemeral: isEphemeral(body),
  };
}
