import { viewContext } from '../use-cases/deps.js';
import { findJob } from '../use-cases/find-job.js';
import { reply, replyNotice } from '../use-cases/reply.js';
import { buildJobCard, whichJobSentence } from '../views/index.js';
import type { CommandContext } from './context.js';

export async function handleStatus({ args, respond, deps, spec }: CommandContext): Promise<void> {
  const ref = args[0];
  if (!ref) return replyNotice(respond, deps, whichJobSentence(spec));
  const job = await findJob(deps, respond, ref);
  if (job) await reply(respond, buildJobCard(viewContext(deps), job), deps.logger);
}
