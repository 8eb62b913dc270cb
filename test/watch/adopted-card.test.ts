import { afterEach, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../devtools/slack-standin.js';
import type { PollDeps } from '../../src/poller/poll-once.js';
import { type PollRig, startPollRig } from '../helpers/poll-rig.js';
import { pollSettled } from '../helpers/poll-settled.js';
import { createFastJob, payloadOf, threadStatuses } from '../helpers/watch-fixtures.js';

let rig: PollRig;
afterEach(async () => {
  await rig?.close();
});

// Longer than the grace in which syncWatch leaves a card-less watch to `watch()`.
const PAST_GRACE_MS = 31_000;

/** Every status after QUEUED (the card's own) of an auto-started job, one reply each. */
const LIFE = ['VALIDATING', 'VALIDATED', 'STARTED', 'RUNNING', 'SUCCESS'];

const cards = (channel: string) =>
  rig.standin.channelMessages(channel).filter((m) => payloadOf(m)?.kind === 'card');

/** The status the card shows now, as its text reads: "Fine-tuning job … (model): STATUS[ n %]". */
function cardStatus(channel: string): string | undefined {
  const all = cards(channel);
  expect(all).toHaveLength(1);
  const card = rig.standin.message(channel, (all[0] as StoredMessage).ts);
  return card?.text.match(/\): ([A-Z_]+)/)?.[1];
}

const replyStatuses = (channel: string) =>
  threadStatuses(rig.standin.threadReplies(channel, (cards(channel)[0] as StoredMessage).ts));

/**
 * The first card post reaches Slack but its answer is lost (the app "dies" before it learns the ts);
 * a fresh process over the same store then adopts that card through the outbox on its first pass.
 */
async function cardPostLostThenRestart(channel: string): Promise<{ fresh: PollDeps; jobId: string }> {
  const job = await createFastJob(rig.deps.backend, { steps: 10 });
  rig.standin.injectFault({ method: 'chat.postMessage', channel, status: 503, afterProcessing: true });
  const res = await rig.service.watch({ jobId: job.id, channel, userId: 'U1' });
  // Started, without a card yet (the post failed).
  expect(res.outcome).toBe('started');
  expect(res.cardTs).toBeUndefined();
  expect(cardStatus(channel)).toBe('QUEUED');
  return { fresh: rig.restart(), jobId: job.id };
}

async function pass(deps: PollDeps) {
  const report = await pollSettled(deps);
  expect(report.errors).toEqual([]);
  await deps.poster.idle();
}

describe('a card adopted after a restart', () => {
  it('is edited to what the job is now, and again as the job moves, its replies once each', async () => {
    rig = await startPollRig({ speed: 1 });
    const { fresh, jobId } = await cardPostLostThenRestart('CADOPT');

    rig.advance(PAST_GRACE_MS); // the job has moved on from QUEUED, not finished yet
    await pass(fresh);
    expect(cards('CADOPT')).toHaveLength(1); // adopted, not posted again
    const sofar = replyStatuses('CADOPT');
    expect(sofar.length).toBeGreaterThan(0);
    expect(sofar).not.toContain('SUCCESS');
    // The card shows what its thread last said, not the QUEUED it was posted with.
    expect(cardStatus('CADOPT')).toBe(sofar[sofar.length - 1]);

    rig.advance(120_000); // the job runs to its end
    await pass(fresh);
    expect(cardStatus('CADOPT')).toBe('SUCCESS');
    expect(replyStatuses('CADOPT')).toEqual(LIFE);
    expect((await fresh.store.get(jobId, 'CADOPT'))?.state).toBe('finished');
  });

  it('shows the terminal status when the job ended before the adopting pass', async () => {
    rig = await startPollRig({ speed: 1 });
    const { fresh, jobId } = await cardPostLostThenRestart('CDONE');

    rig.advance(150_000); // the job runs its whole life before the new process polls
    await pass(fresh);
    expect(cards('CDONE')).toHaveLength(1);
    expect(replyStatuses('CDONE')).toEqual(LIFE);
    expect(cardStatus('CDONE')).toBe('SUCCESS');
    expect((await fresh.store.get(jobId, 'CDONE'))?.state).toBe('finished');
    // A later pass (the watch has ended) changes nothing.
    await pollSettled(fresh);
    expect(replyStatuses('CDONE')).toEqual(LIFE);
  });
});
