import { controlJob } from '../use-cases/control-job.js';
import { replyNotice } from '../use-cases/reply.js';
import type { CommandContext } from './context.js';

export const CANCEL_USAGE = 'Which job? Usage: `/finetune cancel <job id or its first 6+ characters>`';

/** `/finetune cancel <job>`: the card's "Cancel job" button, typed. */
export async function handleCancel({ args, command, respond, deps }: CommandContext): Promise<void> {
  const ref = args[0];
  if (!ref) return replyNotice(respond, deps, CANCEL_USAGE);
  await controlJob({ deps, action: 'cancel', ref, userId: command.user_id, respond });
}
