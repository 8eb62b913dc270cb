import { viewContext } from '../use-cases/deps.js';
import { reply } from '../use-cases/reply.js';
import { buildHelpMessage } from '../views/index.js';
import type { CommandContext } from './context.js';

export async function handleHelp({ respond, deps, commands }: CommandContext): Promise<void> {
  await reply(respond, buildHelpMessage(viewContext(deps), commands), deps.logger);
}
