import { isLiveWatch } from '../domain/watch.js';
import { parseChannelRef } from '../use-cases/channel-ref.js';
import { replyNotice } from '../use-cases/reply.js';
import { code, shortId } from '../views/escape.js';
import { whichJobSentence } from '../views/index.js';
import type { CommandContext } from './context.js';

/**
 * `/finetune unwatch <job> [#channel]`. The job is matched against the channel's live watches, not
 * Mistral, so a job that is gone or a retired API never keeps a watch alive.
 */
export async function handleUnwatch({ args, respond, deps, command, spec }: CommandContext): Promise<void> {
  const [ref, channelArg] = args;
  if (!ref) return replyNotice(respond, deps, whichJobSentence(spec));
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
