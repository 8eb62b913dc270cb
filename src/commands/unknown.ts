import { viewContext } from '../use-cases/deps.js';
import { reply } from '../use-cases/reply.js';
import { buildHelpMessage } from '../views/index.js';
import type { CommandContext } from './context.js';
import { suggestSubcommand } from './parse.js';

/** An unknown sub-command gets the help, led by a "did you mean". */
export async function handleUnknown(ctx: CommandContext, word: string): Promise<void> {
  const suggestion = suggestSubcommand(word);
  const message = buildHelpMessage(viewContext(ctx.deps), {
    unknown: word,
    suggestion: suggestion ? `/finetune ${suggestion}` : undefined,
  });
  await reply(ctx.respond, message, ctx.deps.logger);
}
