import type { RespondFn } from '@slack/bolt';
import type { JobDetails } from '../domain/job.js';
import type { WatchSettings } from '../domain/watch-settings.js';
import { code, shortId } from '../views/escape.js';
import { describeSettings } from '../views/watch-settings.js';
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
  /** Options typed with the command: a new watch takes them, a live one has them changed. */
  settings?: Partial<WatchSettings>;
}

/** A watch asked for from a command or a card button: starts it (once) and tells the user where. */
export async function answerWatchRequest(r: WatchRequest): Promise<void> {
  const { deps, respond, channel } = r;
  const id = code(shortId(r.jobId));
  const settings = r.settings && Object.keys(r.settings).length > 0 ? r.settings : undefined;
  try {
    const result = await deps.watches.watch({
      jobId: r.jobId,
      channel,
      userId: r.userId,
      job: r.job,
      settings,
    });
    const now = result.settings ? ` Settings: ${describeSettings(result.settings)}.` : '';
    const sentence = {
      already: `Job ${id} is already watched in <#${channel}>; its card there is kept up to date.${now} Change them with \`/finetune watch <job> only:… broadcast:… mention:…\`.`,
      updated: `Updated the watch of job ${id} in <#${channel}>.${now} What was already posted stays, and nothing is posted again.`,
      started: `Watching job ${id} in <#${channel}>: its card is updated in place and the thread gets what the settings say.${now}`,
    }[result.outcome];
    await replyNotice(respond, deps, sentence);
  } catch (err) {
    if (!(err instanceof WatchPostError)) throw err;
    await replyNotice(respond, deps, `I cannot post in <#${channel}>: ${err.reason}`);
  }
}
