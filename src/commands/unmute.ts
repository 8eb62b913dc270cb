import { parseChannelRef } from '../use-cases/channel-ref.js';
import { findWatch } from '../use-cases/find-watch.js';
import { replyNotice } from '../use-cases/reply.js';
import { code, shortId } from '../views/escape.js';
import { whichJobSentence } from '../views/index.js';
import type { CommandContext } from './context.js';

/** `/finetune unmute <job> [#channel]`: the mute ends now, with its summary in the thread. */
export async function handleUnmute({ args, respond, deps, command, spec }: CommandContext): Promise<void> {
  const [ref, channelArg] = args;
  if (!ref) return replyNotice(respond, deps, whichJobSentence(spec));
  const channel = parseChannelRef(channelArg, command.channel_id);
  if (channel.kind === 'problem') return replyNotice(respond, deps, channel.sentence);
  // A job may have ended while muted: its watch is over, its summary still owed.
  const match = await findWatch(deps, respond, {
    ref,
    channel: channel.id,
    which: (w) => w.mutedUntil !== undefined,
    noun: 'muted',
  });
  if (!match) return;
  const r = await deps.watches.unmute({ jobId: match.jobId, channel: channel.id });
  const id = code(shortId(match.jobId));
  await replyNotice(
    respond,
    deps,
    r === 'unmuted'
      ? `Unmuted job ${id} in <#${channel.id}>: what happened meanwhile is summed up in its card's thread.`
      : `Job ${id} is not muted in <#${channel.id}>.`,
  );
}
