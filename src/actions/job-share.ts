import { viewContext } from '../use-cases/deps.js';
import { reply } from '../use-cases/reply.js';
import { buildJobCard } from '../views/index.js';
import type { ActionContext } from './context.js';

/** "Share in channel" posts the current card for everyone, naming who shared it. */
export async function handleJobShare({ value, body, respond, deps }: ActionContext): Promise<void> {
  const job = await deps.backend.getJob(value);
  const card = buildJobCard(viewContext(deps), job, { shared: true, lastUpdatedBy: body.user.id });
  await reply(respond, card, deps.logger, { inChannel: true });
}
