import { findJob } from '../use-cases/find-job.js';
import { findJobReference, messageTexts } from '../use-cases/job-links.js';
import { replyNotice } from '../use-cases/reply.js';
import { answerWatchRequest } from '../use-cases/watch-here.js';
import type { ShortcutContext } from './context.js';

/** The answer when the message names no job of the configured provider. */
export const noJobInMessageSentence = (backend: string) =>
  `I found no ${backend} job id or console link in that message, so nothing is watched. ` +
  'Use the shortcut on a message with a full job id or a link to the job, or run `/finetune watch &lt;job&gt;`.';

/**
 * *Watch this job here* on a message: finds the job id or console link in it (a plain id does not
 * unfurl, Slack unfurls links only) and watches that job in the message's channel, as *Watch here*.
 */
export async function handleWatchMessage({ shortcut, respond, deps }: ShortcutContext): Promise<void> {
  const ref = findJobReference(deps.backend.capabilities, messageTexts(shortcut.message));
  if (!ref) return replyNotice(respond, deps, noJobInMessageSentence(deps.backend.label));
  const job = await findJob(deps, respond, ref);
  if (!job) return;
  await answerWatchRequest({
    deps,
    respond,
    jobId: job.id,
    channel: shortcut.channel.id,
    userId: shortcut.user.id,
    job,
  });
}
