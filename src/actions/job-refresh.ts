import { isEphemeral } from '../use-cases/clicked-card.js';
import { viewContext } from '../use-cases/deps.js';
import { reply } from '../use-cases/reply.js';
import { buildJobCard } from '../views/index.js';
import type { ActionContext } from './context.js';

/** "Refresh" re-reads the job and replaces the card in place, wherever the card is. */
export async function handleJobRefresh({ value, body, respond, deps }: ActionContext): Promise<void> {
  const job = await deps.backend.getJob(value);
  const shared = !isEphemeral(body);
  await reply(
    respond,
    buildJobCard(viewContext(deps), job, { shared, lastUpdatedBy: body.user.id }),
    deps.logger,
    {
      replace: true,
      inChannel: shared,
    },
  );
}
