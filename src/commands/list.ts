import { buildListFor } from '../use-cases/list-page.js';
import { reply, replyNotice } from '../use-cases/reply.js';
import { usageLine } from '../views/index.js';
import type { CommandContext } from './context.js';
import { parseListArgs } from './parse.js';

export async function handleList({ args, respond, deps, command, spec }: CommandContext): Promise<void> {
  const parsed = parseListArgs(args, usageLine(spec));
  if (!parsed.ok) return replyNotice(respond, deps, parsed.problem);
  await reply(respond, await buildListFor(deps, parsed.query, command.user_id), deps.logger);
}
