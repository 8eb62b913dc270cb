import { afterEach, describe, expect, it } from 'vitest';
import { createIdleJobs } from '../helpers/idle-jobs.js';
import { type PollRig, startPollRig } from '../helpers/poll-rig.js';
import { pollSettled } from '../helpers/poll-settled.js';
import { payloadOf } from '../helpers/watch-fixtures.js';

let rig: PollRig;
afterEach(async () => {
  await rig?.close();
});

// Longer than the grace in which syncWatch leaves a card-less watch to `watch()`.
const PAST_GRACE_MS = 31_000;

const cards = (channel: string) =>
  rig.standin.channelMessages(channel).filter((m) => payloadOf(m)?.kind === 'card');

/** Watches the job in `channel` while Slack fails the first post there: the card is not posted. */
async function watchWithFailedCard(jobId: string, channel: string) {
  rig.standin.injectFault({ method: 'chat.postMessage', channel, error: 'internal_error' });
  const res = await rig.service.watch({ jobId, channel, userId: 'U1' });
  // Started, without a card yet (the post failed).
  expect(res.outcome).toBe('started');
  expect(res.cardTs).toBeUndefined();
  expect(cards(channel)).toHaveLength(0);
}

/**
 * The jobs sit at VALIDATED (auto_start false, waiting for a manual start), so they never change and
 * a list pass would never fetch them: the poller itself must notice the watch that has no card.
 */
describe('a watch whose card post failed', () => {
  it('gets its card once the grace is over, though the job was first fetched during the grace', async () => {
    rig = await startPollRig();
    const [a, b, c] = (await createIdleJobs(rig, 3)) as [string, string, string];
    await rig.service.watch({ jobId: a, channel: 'C1', userId: 'U1' });
    await rig.service.watch({ jobId: b, channel: 'C1', userId: 'U1' });
    await watchWithFailedCard(c, 'C2');

    // Within the grace the card is left to `watch()`; the watch still counts as awaiting its card.
    expect(await pollSettled(rig.deps)).toMatchObject({ getCalls: 3, errors: [] });
    expect(cards('C2')).toHaveLength(0);
    expect(await rig.deps.store.jobsAwaitingCard()).toEqual([c]);

    rig.advance(PAST_GRACE_MS);
    const after = await pollSettled(rig.deps);
    expect(after).toMatchObject({ listCalls: 1, getCalls: 1, errors: [] });
    expect(cards('C2')).toHaveLength(1);
    expect((await rig.deps.store.get(c, 'C2'))?.cardTs).toBe(cards('C2')[0]?.ts);

    // Card posted: the job joins the listed ones and nothing is posted again.
    expect(await pollSettled(rig.deps)).toMatchObject({ listCalls: 1, getCalls: 0, posts: 0 });
    expect(cards('C2')).toHaveLength(1);
  });

  it('gets its card when it is a new channel on a job already seen and idle', async () => {
    rig = await startPollRig();
    const idle = await createIdleJobs(rig, 3);
    for (const id of idle) await rig.service.watch({ jobId: id, channel: 'C1', userId: 'U1' });
    expect(await pollSettled(rig.deps)).toMatchObject({ getCalls: 3, errors: [] });
    const [a] = idle as [string];
    await watchWithFailedCard(a, 'C2');

    rig.advance(PAST_GRACE_MS);
    // The list shows `a` unchanged; its card-less watch is what sends it to a GET.
    expect(await pollSettled(rig.deps)).toMatchObject({ listCalls: 1, getCalls: 1, errors: [] });
    expect(cards('C2')).toHaveLength(1);
    expect(cards('C1')).toHaveLength(3);
    expect(await pollSettled(rig.deps)).toMatchObject({ listCalls: 1, getCalls: 0, posts: 0 });
  });
});
