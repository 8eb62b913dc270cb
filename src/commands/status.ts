import { viewContext } from '../use-cases/deps.js';
import { findJob } from '../use-cases/find-job.js';
import { reply, replyNotice } from '../use-cases/reply.js';
import { buildJobCard } from '../views/index.js';
import type { CommandContext } from './context.js';

export const STATUS_USAGE = 'Which job? Usage: `/finetune status <job id or its first 6+ characters>`';

export async function handleStatus({ args, respond, deps }: CommandContext): Promise<void> {
  const ref = args[0];
  if (!ref) return replyNotice(respond, deps, STATUS_USAGE);
  const job = await findJob(deps, respond, ref);
  if (job) await reply(respond, buildJobCard(viewContext(deps), job), deps.logger);
}
