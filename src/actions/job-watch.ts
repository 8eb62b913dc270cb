import { replyNotice } from '../use-cases/reply.js';
import { answerWatchRequest } from '../use-cases/watch-here.js';
import type { ActionContext } from './context.js';

/** "Watch here" on a card: watches the job in the channel the button was clicked in. */
export async function handleJobWatch({ value, body, respond, deps }: ActionContext): Promise<void> {
  const channel = body.channel?.id ?? body.container?.channel_id;
  if (typeof channel !== 'string') {
    return replyNotice(
      respond,
      deps,
      'I cannot tell which channel this card is in; use `/finetune watch <job>`.',
    );
  }
  await answerWatchRequest({ deps, respond, jobId: value, channel, userId: body.user.id });
}
