import type { RespondFn } from '@slack/bolt';
import type { JobDetails } from '../domain/job.js';
import { parseChannelRef } from './channel-ref.js';
import type { AppDeps } from './deps.js';
import { findJob } from './find-job.js';
import { replyNotice } from './reply.js';

export interface WatchArgsInput {
  deps: AppDeps;
  respond: RespondFn;
  args: string[];
  /** The channel the command was typed in: the default target. */
  currentChannel: string;
  usage: string;
}

/**
 * `<job> [#channel]` for watch and unwatch. Answers the user itself when something is missing or
 * wrong and returns undefined; else the job and the channel id.
 */
export async function resolveWatchArgs(
  i: WatchArgsInput,
): Promise<{ job: JobDetails; channel: string } | undefined> {
  const { respond, deps } = i;
  const [ref, channelArg] = i.args;
  if (!ref) {
    await replyNotice(respond, deps, i.usage);
    return undefined;
  }
  const channel = parseChannelRef(channelArg, i.currentChannel);
  if (channel.kind === 'problem') {
    await replyNotice(respond, deps, channel.sentence);
    return undefined;
  }
  const job = await findJob(deps, respond, ref);
  return job ? { job, channel: channel.id } : undefined;
}
