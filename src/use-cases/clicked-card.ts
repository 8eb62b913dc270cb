import type { BlockAction, ButtonAction } from '@slack/bolt';
import { isHomeClick } from './home-reply.js';

/** Where the clicked card is, so start/cancel can update that very card. */
export function clickedCard(body: BlockAction<ButtonAction>) {
  const container = body.container as { channel_id?: string; message_ts?: string } | undefined;
  return {
    channel: body.channel?.id ?? container?.channel_id,
    messageTs: body.message?.ts ?? container?.message_ts,
    ephemeral: isEphemeral(body),
  };
}

/**
 * True when the button sits where only the clicking user sees it: an ephemeral message, or their
 * Home tab (a card answered there is theirs, not "Shared", and has no channel watch to set up).
 */
export function isEphemeral(body: BlockAction<ButtonAction>): boolean {
  const container = body.container as { is_ephemeral?: boolean } | undefined;
  return container?.is_ephemeral === true || isHomeClick(body);
}
