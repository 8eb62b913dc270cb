import { replyNotice } from '../slack/reply.js';
import { code, shortId } from '../views/escape.js';
import { isLiveWatch } from '../watch/types.js';
import { parseChannelRef } from './channel-ref.js';
import type { CommandContext } from './context.js';

export const UNWATCH_USAGE = 'Which job? Usage: `/finetune unwatch <job> [#channel]` (default: this channel)';

/**
 * `/finetune unwatch <job> [#channel]`. The job is matched against the channel's live watches, not
 * Mistral, so a job that is gone or a retired API never keeps a watch alive.
 */
export async function handleUnwatch({ args, respond, deps, command }: CommandContext): Promise<void> {
  const [ref, channelArg] = args;
  if (!ref) return replyNotice(respond, deps, UNWATCH_USAGE);
  const channel = parseChannelRef(channelArg, command.channel_id);
  if (channel.kind === 'problem') return replyNotice(respond, deps, channel.sentence);
  const wanted = ref.trim().toLowerCase();
  const live = (await deps.watches.watching(channel.id)).filter(
    (w) => isLiveWatch(w) && w.jobId.toLowerCase().startsWith(wanted),
  );
  if (live.length > 1) {
    return replyNotice(
      respond,
      deps,
      `${code(wanted)} matches ${live.length} watched jobs in <#${channel.id}>; give more of the id.`,
    );
  }
  const match = live[0];
  if (!match)
    return replyNotice(respond, deps, `No job starting with ${code(wanted)} is watched in <#${channel.id}>.`);
  const r = await deps.watches.unwatch({ jobId: match.jobId, channel: channel.id, userId: command.user_id });
  const id = code(shortId(match.jobId));
  await replyNotice(
    respond,
    deps,
    r === 'stopped'
      ? `Stopped watching job ${id} in <#${channel.id}>. The card stays as it is.`
      : `Job ${id} is not watched in <#${channel.id}>.`,
  );
}
