import { replyNotice } from '../use-cases/reply.js';
import { resolveWatchArgs } from '../use-cases/resolve-watch-args.js';
import { answerWatchRequest } from '../use-cases/watch-here.js';
import { whichJobSentence } from '../views/index.js';
import type { CommandContext } from './context.js';
import { parseWatchOptions } from './watch-options.js';

/**
 * `/finetune watch <job> [#channel] [only:…] [broadcast:…] [mention:…]`: the card goes to the
 * channel for everyone, once; typed again with options, the watch's settings change.
 */
export async function handleWatch({ args, respond, deps, command, spec }: CommandContext): Promise<void> {
  const options = parseWatchOptions(args);
  if (!options.ok) return replyNotice(respond, deps, options.problem);
  const target = await resolveWatchArgs({
    deps,
    respond,
    args: options.rest,
    currentChannel: command.channel_id,
    usage: whichJobSentence(spec),
  });
  if (!target) return;
  const { job, channel } = target;
  await answerWatchRequest({
    deps,
    respond,
    jobId: job.id,
    channel,
    userId: command.user_id,
    job,
    settings: options.settings,
  });
}
