import { resolveJob } from '../backend/resolve-job.js';
import type { JobDetails } from '../backend/types.js';
import { viewContext } from '../deps.js';
import { reply, replyNotice } from '../slack/reply.js';
import { buildAmbiguousJobMessage } from '../views/ambiguous-job-message.js';
import { code } from '../views/escape.js';
import { parseChannelRef } from './channel-ref.js';
import type { CommandContext } from './context.js';

/**
 * `<job> [#channel]` for watch and unwatch. Answers the user itself when something is missing or
 * wrong and returns undefined; else the job and the channel id.
 */
export async function resolveWatchArgs(
  ctx: CommandContext,
  usage: string,
): Promise<{ job: JobDetails; channel: string } | undefined> {
  const { args, respond, deps, command } = ctx;
  const [ref, channelArg] = args;
  if (!ref) {
    await replyNotice(respond, deps, usage);
    return undefined;
  }
  const channel = parseChannelRef(channelArg, command.channel_id);
  if (channel.kind === 'problem') {
    await replyNotice(respond, deps, channel.sentence);
    return undefined;
  }
  const found = await resolveJob(deps.backend, ref);
  switch (found.kind) {
    case 'found':
      return { job: found.job, channel: channel.id };
    case 'ambiguous':
      await reply(respond, buildAmbiguousJobMessage(viewContext(deps), ref, found.candidates), deps.logger);
      return undefined;
    case 'none':
      await replyNotice(
        respond,
        deps,
        `No job on ${deps.backend.label} has an id starting with ${code(ref)}.`,
      );
      return undefined;
    case 'invalid':
      await replyNotice(respond, deps, found.reason);
      return undefined;
  }
}
