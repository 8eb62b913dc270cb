/** The demo's "watch settings" part: a second, filtered watch of the demo job in a quieter channel. */
import type { LocalStack } from '../devtools/local-stack.js';
import { renderMessageText } from '../devtools/render-text.js';
import { findCard, isTerminalReply } from './demo-helpers.js';

export const QUIET_CHANNEL = 'C0DEMOQUIET';
type Type = (stack: LocalStack, text: string) => Promise<unknown>;
type Indent = (text: string, mark?: string) => string;

/** Before the job starts: the same job watched in #ml-quiet, its thread getting the end only. */
export async function startFilteredWatch(stack: LocalStack, jobId: string, type: Type): Promise<void> {
  await type(stack, `watch ${jobId} <#${QUIET_CHANNEL}|ml-quiet> only:terminal broadcast:never`);
}

/** After the end: what #ml-quiet's thread got (one reply, not sent to the channel). */
export async function showFilteredWatch(stack: LocalStack, jobId: string, indent: Indent): Promise<void> {
  const card = findCard(stack, QUIET_CHANNEL, jobId);
  if (!card) throw new Error('the filtered watch has no card');
  await stack.standin.waitFor(
    () => stack.standin.threadReplies(QUIET_CHANNEL, card.ts).find(isTerminalReply),
    20_000,
  );
  const replies = stack.standin.threadReplies(QUIET_CHANNEL, card.ts).filter((m) => !m.files?.length);
  console.log(
    `\n  In #ml-quiet the same card was edited to every state, and its thread got ${replies.length} message(s):`,
  );
  for (const r of replies) {
    const where = r.subtype === 'thread_broadcast' ? 'also sent to the channel' : 'in the thread only';
    console.log(`\n  ↳ thread reply, ${where}:`);
    console.log(indent(renderMessageText(r), '↳'));
  }
}
