import { isLiveWatch } from '../domain/watch.js';
import { parseChannelRef } from '../use-cases/channel-ref.js';
import { findWatch } from '../use-cases/find-watch.js';
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
  const match = await findWatch(deps, respond, {
    ref,
    channel: channel.id,
    which: isLiveWatch,
    noun: 'watched',
  });
  if (!match) return;
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
