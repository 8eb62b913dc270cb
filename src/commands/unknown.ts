import type { RespondFn } from '@slack/bolt';
import type { AppDeps } from '../use-cases/deps.js';
import { viewContext } from '../use-cases/deps.js';
import { reply } from '../use-cases/reply.js';
import { COMMAND } from '../views/ids.js';
import { buildHelpMessage, type HelpCommand } from '../views/index.js';
import { suggestSubcommand } from './parse.js';

/** An unknown sub-command gets the help, led by a "did you mean". */
export async function handleUnknown(
  ctx: { deps: AppDeps; respond: RespondFn; commands: readonly HelpCommand[] },
  word: string,
): Promise<void> {
  const suggestion = suggestSubcommand(
    word,
    ctx.commands.map((c) => c.name),
  );
  const message = buildHelpMessage(viewContext(ctx.deps), ctx.commands, {
    unknown: word,
    suggestion: suggestion ? `${COMMAND} ${suggestion}` : undefined,
  });
  await reply(ctx.respond, message, ctx.deps.logger);
}
