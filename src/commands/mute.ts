import { isLiveWatch } from '../domain/watch.js';
import { parseChannelRef } from '../use-cases/channel-ref.js';
import { findWatch } from '../use-cases/find-watch.js';
import { replyNotice } from '../use-cases/reply.js';
import { code, shortId } from '../views/escape.js';
import { dateToken } from '../views/format.js';
import type { CommandContext } from './context.js';
import { DURATION_HINT, looksLikeDuration, parseDuration } from './watch-options.js';

/**
 * `/finetune mute <job> [#channel] <duration>`: nothing in the card's thread until then (the card
 * keeps updating); one reply then sums up what happened meanwhile.
 */
export async function handleMute({ args, respond, deps, command, spec }: CommandContext): Promise<void> {
  const [ref, ...rest] = args;
  const durationWord = rest.find(looksLikeDuration);
  const channelArg = rest.find((a) => a !== durationWord);
  if (!ref || !durationWord)
    return replyNotice(respond, deps, `Usage: \`/finetune ${spec.usage}\`, with ${DURATION_HINT}.`);
  const ms = parseDuration(durationWord);
  if (ms === undefined)
    return replyNotice(
      respond,
      deps,
      `${code(durationWord)} is not a duration I take: give ${DURATION_HINT}.`,
    );
  const channel = parseChannelRef(channelArg, command.channel_id);
  if (channel.kind === 'problem') return replyNotice(respond, deps, channel.sentence);
  const match = await findWatch(deps, respond, {
    ref,
    channel: channel.id,
    which: isLiveWatch,
    noun: 'watched',
  });
  if (!match) return;
  const untilMs = deps.now() + ms;
  const r = await deps.watches.mute({ jobId: match.jobId, channel: channel.id, untilMs });
  const id = code(shortId(match.jobId));
  await replyNotice(
    respond,
    deps,
    r === 'muted'
      ? `Muted job ${id} in <#${channel.id}> until ${dateToken(Math.floor(untilMs / 1000))}: nothing goes in its thread meanwhile, the card keeps updating, and one reply then sums up what happened. \`/finetune unmute ${shortId(match.jobId)}\` ends it sooner.`
      : `Job ${id} is not watched in <#${channel.id}>.`,
  );
}
