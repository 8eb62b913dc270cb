import { viewContext } from '../use-cases/deps.js';
import { reply } from '../use-cases/reply.js';
import { buildWatchingList } from '../views/watch-list.js';
import type { CommandContext } from './context.js';

/** `/finetune watching`: this channel's watches, ended and disabled ones included, with why. */
export async function handleWatching({ respond, deps, command }: CommandContext): Promise<void> {
  const watches = await deps.watches.watching(command.channel_id);
  await reply(respond, buildWatchingList(viewContext(deps), command.channel_id, watches), deps.logger);
}
