import { type PollDeps, type PollReport, pollOnce } from '../../src/poller/poll-once.js';

/**
 * One pass, then the Slack posts it started (a pass does not wait for them): what a user sees once
 * the channel queues have drained. Errors of the delivery are added to the pass's.
 */
export async function pollSettled(d: PollDeps): Promise<PollReport> {
  const before = { ...d.poster.counts };
  const report = await pollOnce(d);
  const delivered = await report.delivered;
  return {
    ...report,
    errors: [...report.errors, ...delivered.errors],
    // What the pass and the updates it started read, until they were done.
    storeReads: delivered.storeReads,
    posts: d.poster.counts.posts - before.posts,
    updates: d.poster.counts.updates - before.updates,
  };
}
