import type { BlockAction, ButtonAction, RespondArguments, RespondFn } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import { BLOCK, HOME_BLOCK } from '../views/ids.js';
import { section } from '../views/kit.js';
import { HOME } from '../views/strings.js';
import type { SlackMessage } from '../views/types.js';
import type { AppDeps } from './deps.js';

/** A click on the App Home tab: its payload names the view it came from, and it has no response_url. */
export function isHomeClick(body: BlockAction<ButtonAction>): boolean {
  const container = body.container as { type?: string } | undefined;
  return container?.type === 'view' && body.view?.type === 'home';
}

/**
 * What a Home click answers with instead of `respond` (which has no response_url to post to): the
 * user's tab republished with the answer on top. Every handler keeps calling `respond`; this is the
 * one place that decides where a Home click's answer goes. A message meant for the channel
 * (`in_channel`, Share) says that Home belongs to no channel. Failures are logged, never thrown, as
 * a dead response_url is.
 */
export function homeRespond(deps: Pick<AppDeps, 'home' | 'logger'>, userId: string): RespondFn {
  return async (message) => {
    const m: RespondArguments = typeof message === 'string' ? { text: message } : message;
    const text = m.text ?? '';
    // Our builders make KnownBlocks; a bare-text answer gets the notice block messages use.
    const given = 'blocks' in m ? (m.blocks as KnownBlock[] | undefined) : undefined;
    const blocks = given ?? [section(BLOCK.notice, text)];
    const forChannel = m.response_type === 'in_channel' && m.replace_original !== true;
    const notice: SlackMessage = {
      text,
      blocks: forChannel ? [section(HOME_BLOCK.noChannel, HOME.noChannel), ...blocks] : blocks,
    };
    try {
      await deps.home.publish(userId, notice);
    } catch (err) {
      deps.logger.warn({ err, user: userId }, 'could not answer a Home click on the Home tab');
    }
    return new Response(null, { status: 200 });
  };
}
