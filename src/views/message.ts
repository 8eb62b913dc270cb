import type { KnownBlock } from '@slack/types';
import { fitBlocks, fitTextBudget } from './fit.js';
import { BLOCK } from './ids.js';
import { context } from './kit.js';
import { LIMITS } from './limits.js';
import { sandboxNote } from './strings.js';
import { truncate } from './truncate.js';
import type { SlackMessage, ViewContext } from './types.js';

export interface FinishOptions {
  /** Trailing blocks (buttons) that must survive when the message is cut to 50 blocks. */
  keepTail?: number;
}

/**
 * The last step of every builder: fits the blocks to Slack's limits, ends with the sandbox line
 * when the jobs are simulated (so a sandbox card is never mistaken for a real one, even when shared),
 * and guarantees a non-empty fallback text.
 */
export function finishMessage(
  ctx: ViewContext,
  text: string,
  blocks: KnownBlock[],
  opts: FinishOptions = {},
): SlackMessage {
  const room = LIMITS.messageBlocks - (ctx.sandbox ? 1 : 0);
  const body = fitBlocks(blocks, room, opts.keepTail ?? 0);
  const all = ctx.sandbox ? [...body, context(BLOCK.sandboxNote, [sandboxNote(ctx.provider)])] : body;
  const fallback = text.trim() === '' ? 'Fine-tuning bot' : text;
  return { text: truncate(fallback, LIMITS.fallbackText), blocks: fitTextBudget(all) };
}
