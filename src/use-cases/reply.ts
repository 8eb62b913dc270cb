import type { RespondFn } from '@slack/bolt';
import type { Logger } from 'pino';
import { describeBackendError } from '../views/backend-error.js';
import { buildNoticeMessage, type SlackMessage } from '../views/index.js';
import type { AppDeps } from './deps.js';
import { viewContext } from './deps.js';

export interface ReplyOptions {
  /** Replace the message the button was on (refresh, paging) instead of adding a new one. */
  replace?: boolean;
  /** Visible to everyone in the channel (Share). */
  inChannel?: boolean;
}

/** Sends a message through `response_url`. A dead response_url is logged, never thrown. */
export async function reply(
  respond: RespondFn,
  message: SlackMessage,
  logger: Logger,
  opts: ReplyOptions = {},
) {
  try {
    await respond({
      response_type: opts.inChannel ? 'in_channel' : 'ephemeral',
      replace_original: opts.replace ?? false,
      text: message.text,
      blocks: message.blocks,
    });
  } catch (err) {
    logger.warn({ err }, 'could not answer through response_url');
  }
}

export async function replyNotice(respond: RespondFn, deps: AppDeps, sentence: string, opts?: ReplyOptions) {
  await reply(respond, buildNoticeMessage(viewContext(deps), sentence), deps.logger, opts);
}

/**
 * Runs a handler's work after the ack. Any failure becomes one plain sentence for the user; the
 * log keeps the error object with its context.
 */
export async function withUserErrors(
  deps: AppDeps,
  respond: RespondFn,
  context: Record<string, unknown>,
  work: () => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (err) {
    deps.logger.error({ err, ...context }, 'handler failed');
    await replyNotice(
      respond,
      deps,
      describeBackendError(err, deps.backend.label, deps.provider.keyVariable),
    );
  }
}
