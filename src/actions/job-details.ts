import { viewContext } from '../use-cases/deps.js';
import { reply } from '../use-cases/reply.js';
import { buildJobCard } from '../views/index.js';
import type { ActionContext } from './context.js';

/** "Details" on a list row: the job's card, just for the clicking user. */
export async function handleJobDetails({ value, respond, deps }: ActionContext): Promise<void> {
  const job = await deps.backend.getJob(value);
  await reply(respond, buildJobCard(viewContext(deps), job), deps.logger);
}
