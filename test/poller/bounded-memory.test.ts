import { afterEach, expect, it } from 'vitest';
import { type PollRig, startPollRig } from '../helpers/poll-rig.js';
import { pollSettled } from '../helpers/poll-settled.js';
import { createFastJob, eventually } from '../helpers/watch-fixtures.js';

let rig: PollRig;
afterEach(async () => {
  await rig?.close();
});

/**
 * What the engine remembers in memory is bounded by the jobs watched now: once jobs end, nothing of
 * them is left in the poller's state, the card memory, or the per-job states in the store.
 */
it('forgets the jobs that ended, in memory and in the store', async () => {
  rig = await startPollRig({ speed: 20 });
  const jobs = await Promise.all([1, 2, 3].map(() => createFastJob(rig.deps.backend)));
  const failing = rig.sandbox.addSyntheticJobs({ count: 1, active: 1 })[0] as string;
  for (const job of jobs)
    for (const channel of ['CBM1', 'CBM2']) await rig.service.watch({ jobId: job.id, channel, userId: 'U1' });
  await rig.service.watch({ jobId: failing, channel: 'CBM1', userId: 'U1' });
  // One job keeps failing its GETs: it is backed off, which is remembered too.
  rig.sandbox.faults.failingJobs = [failing];
  await pollSettled(rig.deps);
  expect(rig.deps.state.backoff.has(failing)).toBe(true);
  expect(rig.deps.cardShown.size()).toBeGreaterThan(0);

  await eventually(async () => {
    rig.advance(2_000);
    await pollSettled(rig.deps);
    const live = await rig.deps.store.activeJobIds();
    return live.length === 1 && live[0] === failing;
  }, 30_000);
  // The last job's watch is stopped by its user: nothing is watched any more.
  await rig.service.unwatch({ jobId: failing, channel: 'CBM1', userId: 'U1' });
  await pollSettled(rig.deps);

  const { state } = rig.deps;
  expect([state.seen.size, state.backoff.size, state.looked.size, state.inFlight.size]).toEqual([0, 0, 0, 0]);
  expect(rig.deps.cardShown.size()).toBe(0);
  expect((await rig.deps.store.jobStates([...jobs.map((j) => j.id), failing])).size).toBe(0);
  // Still in `watching` for the retention, as ended watches.
  expect((await rig.service.watching('CBM1')).every((w) => w.state === 'finished')).toBe(true);
}, 60_000);
