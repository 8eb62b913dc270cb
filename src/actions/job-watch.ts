import { replyNotice } from '../slack/reply.js';
import { code, shortId } from '../views/escape.js';
import { WatchPostError } from '../watch/service.js';
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
  const id = code(shortId(value));
  try {
    const r = await deps.watches.watch({ jobId: value, channel, userId: body.user.id });
    await replyNotice(
      respond,
      deps,
      r.outcome === 'already'
        ? `Job ${id} is already watched in <#${channel}>.`
        : `Watching job ${id} in <#${channel}>: updates go to its card there.`,
    );
  } catch (err) {
    if (!(err instanceof WatchPostError)) throw err;
    await replyNotice(respond, deps, `I cannot post in <#${channel}>: ${err.reason}`);
  }
}
