import { controlJob } from '../use-cases/control-job.js';
import { replyNotice } from '../use-cases/reply.js';
import { whichJobSentence } from '../views/index.js';
import type { CommandContext } from './context.js';

/** `/finetune cancel <job>`: the card's "Cancel job" button, typed. */
export async function handleCancel({ args, command, respond, deps, spec }: CommandContext): Promise<void> {
  const ref = args[0];
  if (!ref) return replyNotice(respond, deps, whichJobSentence(spec));
  await controlJob({ deps, action: 'cancel', ref, userId: command.user_id, respond });
}
