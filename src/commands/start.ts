import { controlJob } from '../use-cases/control-job.js';
import { replyNotice } from '../use-cases/reply.js';
import { whichJobSentence } from '../views/index.js';
import type { CommandContext } from './context.js';

/** `/finetune start <job>`: the card's "Start training" button, typed. */
export async function handleStart({ args, command, respond, deps, spec }: CommandContext): Promise<void> {
  const ref = args[0];
  if (!ref) return replyNotice(respond, deps, whichJobSentence(spec));
  await controlJob({
    deps,
    action: 'start',
    ref,
    userId: command.user_id,
    respond,
    channel: command.channel_id,
  });
}
