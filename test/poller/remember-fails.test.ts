import { afterEach, expect, it } from 'vitest';
import { type PollRig, startPollRig } from '../helpers/poll-rig.js';
import { pollSettled } from '../helpers/poll-settled.js';

let rig: PollRig;
afterEach(async () => {
  await rig?.close();
});

/**
 * A pass returns before its jobs are applied; what fails afterwards (here the write of what a job's
 * cards show, as when the store is closed during a shutdown) is that job's error in the delivery
 * report, and the next pass applies the job again. A rejection nobody waits for would crash a Node
 * process (or, in the app, only be logged as "unhandled").
 */
it('reports a failed write of a job state as the job error, leaves no unhandled rejection, and retries it', async () => {
  rig = await startPollRig();
  const [jobId] = rig.sandbox.addSyntheticJobs({ count: 1, active: 1 });
  await rig.service.watch({ jobId: jobId as string, channel: 'CREMEMBER', userId: 'U1' });
  const unhandled: unknown[] = [];
  const onUnhandled = (err: unknown) => unhandled.push(err);
  process.on('unhandledRejection', onUnhandled);
  const { store } = rig.deps;
  const put = store.putJobState.bind(store);
  try {
    store.putJobState = async () => {
      throw new Error('SQLITE_MISUSE: Database handle is closed');
    };
    const failed = await pollSettled(rig.deps);
    await new Promise((r) => setTimeout(r, 50));
    expect(failed.errors).toEqual([expect.objectContaining({ jobId, kind: 'internal' })]);
    expect(unhandled).toEqual([]);
  } finally {
    process.off('unhandledRejection', onUnhandled);
    store.putJobState = put;
  }
  rig.advance(2_000);
  const next = await pollSettled(rig.deps);
  expect(next.errors).toEqual([]);
  expect((await store.jobStates([jobId as string])).get(jobId as string)).toMatchObject({
    status: expect.any(String),
  });
});
