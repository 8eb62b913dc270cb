import { clickedCard } from '../use-cases/clicked-card.js';
import { controlJob } from '../use-cases/control-job.js';
import type { ActionContext } from './context.js';

/** "Start training" on a card (its confirm dialog already repeated the cost). */
export async function handleJobStart({ value, body, respond, deps }: ActionContext): Promise<void> {
  await controlJob({
    deps,
    action: 'start',
    ref: value,
    userId: body.user.id,
    respond,
    clicked: clickedCard(body),
  });
}
