import { clickedCard } from '../use-cases/clicked-card.js';
import { controlJob } from '../use-cases/control-job.js';
import type { ActionContext } from './context.js';

/** "Cancel job" on a card, after its confirm dialog. */
export async function handleJobCancel({ value, body, respond, deps }: ActionContext): Promise<void> {
  await controlJob({
    deps,
    action: 'cancel',
    ref: value,
    userId: body.user.id,
    respond,
    clicked: clickedCard(body),
  });
}
