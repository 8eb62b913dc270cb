import { afterEach, describe, expect, it } from 'vitest';
import { type PollRig, startPollRig } from '../helpers/poll-rig.js';
import { pollSettled } from '../helpers/poll-settled.js';
import { createFastJob, threadStatuses } from '../helpers/watch-fixtures.js';

let rig: PollRig;
afterEach(async () => {
  await rig?.close();
});

/**
 * A fresh job, watched in `channel` from QUEUED (which lasts 5 s at speed 1, so a slow machine
 * still starts the watch there); returns the card's ts.
 */
async function watchedJob(r: PollRig, channel: string): Promise<string> {
  const job = await createFastJob(r.deps.backend, { steps: 10 });
  const { cardTs } = await r.service.watch({ jobId: job.id, channel, userId: 'U1' });
  if (!cardTs) throw new Error('no card posted');
  return cardTs;
}

/** Every status after QUEUED (the card's own) of an auto-started job, one reply each. */
const LIFE = ['VALIDATING', 'VALIDATED', 'STARTED', 'RUNNING', 'SUCCESS'];

const postsIn = (r: PollRig, channel: string) =>
  r.standin.callsTo('chat.postMessage').filter((c) => c.args.channel === channel);

describe('Slack failures on the way to the thread', () => {
  it('a reply Slack stored but whose answer was lost is in the thread once, not sent again', async () => {
    rig = await startPollRig({ speed: 1 });
    const cardTs = await watchedJob(rig, 'CLOST');
    rig.standin.injectFault({
      method: 'chat.postMessage',
      channel: 'CLOST',
      status: 503,
      afterProcessing: true,
    });
    rig.advance(120_000); // the job runs its whole life
    const first = await pollSettled(rig.deps);
    expect(first.errors.map((e) => e.kind)).toContain('slack');
    await pollSettled(rig.deps);
    const statuses = threadStatuses(rig.standin.threadReplies('CLOST', cardTs));
    expect(statuses).toEqual(LIFE);
  });

  it('a 429 on a reply is waited out for Retry-After, then the reply is posted once', async () => {
    rig = await startPollRig({ speed: 1 });
    const cardTs = await watchedJob(rig, 'C429');
    rig.standin.injectFault({
      method: 'chat.postMessage',
      channel: 'C429',
      error: 'ratelimited',
      retryAfterSeconds: 1,
    });
    rig.advance(120_000);
    const report = await pollSettled(rig.deps);
    expect(report.errors).toEqual([]);
    expect(threadStatuses(rig.standin.threadReplies('C429', cardTs))).toEqual(LIFE);
    // The call after the 429 came no sooner than Slack asked.
    const [limited, retried] = postsIn(rig, 'C429').slice(1);
    expect(limited?.status).toBe(429);
    expect((retried?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(1000);
  });

  it('a DM to the creator that fails on the way is sent on the next pass, once, before the watch ends', async () => {
    rig = await startPollRig({ speed: 1 });
    const job = await createFastJob(rig.deps.backend, { steps: 10 });
    await rig.deps.creators.recordCreated({ jobId: job.id, userId: 'U0MAKER', channel: 'CDM', createdAt: 0 });
    await rig.service.watch({ jobId: job.id, channel: 'CDM', userId: 'U0MAKER' });
    rig.standin.injectFault({ method: 'chat.postMessage', channel: 'U0MAKER', status: 500 });
    rig.advance(120_000);
    await pollSettled(rig.deps);
    expect(rig.standin.dms('U0MAKER')).toHaveLength(0);
    expect((await rig.service.watching('CDM'))[0]?.state).toBe('active');
    await pollSettled(rig.deps);
    expect(rig.standin.dms('U0MAKER')).toHaveLength(1);
    expect((await rig.service.watching('CDM'))[0]?.state).toBe('finished');
  });
});
