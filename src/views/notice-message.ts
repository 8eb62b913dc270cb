import { BLOCK } from './ids.js';
import { section } from './kit.js';
import { finishMessage } from './message.js';
import type { SlackMessage, ViewContext } from './types.js';

/**
 * One sentence: an error or a confirmation. The sentence is mrkdwn written by the app (it may hold
 * code spans and mentions), so it is not escaped here; values inside it must be escaped by the caller.
 */
export function buildNoticeMessage(ctx: ViewContext, sentence: string): SlackMessage {
  return finishMessage(ctx, sentence, [section(BLOCK.notice, sentence)]);
}
