import { isLiveWatch } from '../domain/watch.js';
import { buildJobGoneReply } from '../views/watch-notices.js';
import { postOnce } from './outbox.js';
import { disableWatch, patchWatch } from './patch-watch.js';
import { isPermanentSlackError, slackErrorCode } from './slack-errors.js';
import { watchKeyOf } from './sync-watch.js';
import type { WatchDeps } from './watch-deps.js';

/** The provider says the job does not exist (404): each of its watches ends with a reply in the thread. */
export async function endWatchesOfGoneJob(d: WatchDeps, jobId: string): Promise<void> {
  const watches = (await d.store.ofJob(jobId)).filter(isLiveWatch);
  for (const w of watches) {
    try {
      await postOnce(d, {
        key: `gone:${watchKeyOf(w)}`,
        channel: w.channel,
        threadTs: w.cardTs,
        jobId,
        kind: 'notice',
        status: 'NOT_FOUND',
        message: buildJobGoneReply(d.view(), jobId),
      });
      await patchWatch(d, w, {
        state: 'finished',
        reason: `The job no longer exists on ${d.backend.label}.`,
      });
    } catch (err) {
      const code = slackErrorCode(err);
      if (code && isPermanentSlackError(err)) await disableWatch(d, w, code);
      else d.logger.warn({ err, jobId, channel: w.channel }, 'could not end the watch of a gone job');
    }
  }
}
