import { resolveWatchArgs } from '../use-cases/resolve-watch-args.js';
import { answerWatchRequest } from '../use-cases/watch-here.js';
import { whichJobSentence } from '../views/index.js';
import type { CommandContext } from './context.js';

/** `/finetune watch <job> [#channel]`: the card goes to the channel for everyone, once. */
export async function handleWatch({ args, respond, deps, command, spec }: CommandContext): Promise<void> {
  const target = await resolveWatchArgs({
    deps,
    respond,
    args,
    currentChannel: command.channel_id,
    usage: whichJobSentence(spec),
  });
  if (!target) return;
  const { job, channel } = target;
  await answerWatchRequest({ deps, respond, jobId: job.id, channel, userId: command.user_id, job });
}
