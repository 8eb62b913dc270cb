import { controlJob } from '../use-cases/control-job.js';
import { replyNotice } from '../use-cases/reply.js';
import type { CommandContext } from './context.js';

export const START_USAGE = 'Which job? Usage: `/finetune start <job id or its first 6+ characters>`';

/** `/finetune start <job>`: the card's "Start training" button, typed. */
export async function handleStart({ args, command, respond, deps }: CommandContext): Promise<void> {
  const ref = args[0];
  if (!ref) return replyNotice(respond, deps, START_USAGE);
  await controlJob({ deps, action: 'start', ref, userId: command.user_id, respond });
}
