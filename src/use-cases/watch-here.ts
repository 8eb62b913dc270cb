import type { RespondFn } from '@slack/bolt';
import type { JobDetails } from '../domain/job.js';
import { code, shortId } from '../views/escape.js';
import { WatchPostError } from '../watch/service.js';
import type { AppDeps } from './deps.js';
import { replyNotice } from './reply.js';

export interface WatchRequest {
  deps: AppDeps;
  respond: RespondFn;
  jobId: string;
  channel: string;
  userId: string;
  /** The job when the caller has already read it (saves the watch service a read). */
  job?: JobDetails;
}

/** A watch asked for from a command or a card button: starts it (once) and tells the user where. */
export async function answerWatchRequest(r: WatchRequest): Promise<void> {
  const { deps, respond, channel } = r;
  const id = code(shortId(r.jobId));
  try {
    const result = await deps.watches.watch({ jobId: r.jobId, channel, userId: r.userId, job: r.job });
    const sentence =
      result.outcome === 'already'
        ? `Job ${id} is already watched in <#${channel}>; its card there is kept up to date.`
        : `Watching job ${id} in <#${channel}>: its card is updated in place and each status change goes in the card's thread.`;
    await replyNotice(respond, deps, sentence);
  } catch (err) {
    if (!(err instanceof WatchPostError)) throw err;
    await replyNotice(respond, deps, `I cannot post in <#${channel}>: ${err.reason}`);
  }
}
