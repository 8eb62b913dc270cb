import { replyNotice } from '../slack/reply.js';
import { code, shortId } from '../views/escape.js';
import { WatchPostError } from '../watch/service.js';
import type { CommandContext } from './context.js';
import { resolveWatchArgs } from './resolve-watch-args.js';

export const WATCH_USAGE = 'Which job? Usage: `/finetune watch <job> [#channel]` (default: this channel)';

/** `/finetune watch <job> [#channel]`: the card goes to the channel for everyone, once. */
export async function handleWatch(ctx: CommandContext): Promise<void> {
  const { respond, deps, command } = ctx;
  const target = await resolveWatchArgs(ctx, WATCH_USAGE);
  if (!target) return;
  const { job, channel } = target;
  const id = code(shortId(job.id));
  try {
    const r = await deps.watches.watch({ jobId: job.id, channel, userId: command.user_id, job });
    const sentence =
      r.outcome === 'already'
        ? `Job ${id} is already watched in <#${channel}>; its card there is kept up to date.`
        : `Watching job ${id} in <#${channel}>: its card is updated in place and each status change goes in the card's thread.`;
    await replyNotice(respond, deps, sentence);
  } catch (err) {
    if (!(err instanceof WatchPostError)) throw err;
    await replyNotice(respond, deps, `I cannot post in <#${channel}>: ${err.reason}`);
  }
}
