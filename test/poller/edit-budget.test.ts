import { afterEach, expect, it } from 'vitest';
import { type PollRig, startPollRig } from '../helpers/poll-rig.js';
import { pollSettled } from '../helpers/poll-settled.js';
import { payloadOf } from '../helpers/watch-fixtures.js';

let rig: PollRig;
afterEach(async () => {
  await rig?.close();
});

/**
 * Slack takes about 50 card edits a minute: a pass fetches the progress of only as many training
 * jobs as their cards can be edited in one interval, the stalest cards first, while a status change
 * is always fetched and posted.
 */
it('refreshes the training jobs within the edit budget, stalest first, and never holds back a status change', async () => {
  rig = await startPollRig();
  const running = rig.sandbox.addSyntheticJobs({ count: 6, active: 6 });
  for (const [i, id] of running.entries())
    await rig.service.watch({ jobId: id, channel: `CE${i}`, userId: 'U1' });
  const first = await pollSettled(rig.deps);
  expect(first).toMatchObject({ jobs: 6, getCalls: 6, errors: [] });

  rig.deps.editsPerPass = 2;
  await rig.deps.poster.idle();
  const before = rig.standin.callsTo('chat.update').length;
  for (let pass = 0; pass < 3; pass++) {
    rig.advance(2_000);
    const r = await pollSettled(rig.deps);
    await rig.deps.poster.idle();
    // The list tells the statuses; only two jobs' details are fetched, for the two cards it can edit.
    expect(r).toMatchObject({ listCalls: 1, getCalls: 2, refreshed: 2, changed: 0, errors: [] });
  }
  // Three passes of two: six edits, one per card, none edited twice before every other had its turn.
  const edits = rig.standin.callsTo('chat.update').slice(before);
  expect(edits).toHaveLength(6);
  expect(new Set(edits.map((c) => `${String(c.args.channel)}:${String(c.args.ts)}`)).size).toBe(6);

  // The budget is spent, yet a job that ends is fetched at once and gets its summary.
  const ended = running[5] as string;
  await rig.deps.backend.cancelJob(ended);
  rig.advance(2_000);
  const r = await pollSettled(rig.deps);
  expect(r.changed).toBe(1);
  expect(r.getCalls).toBe(3);
  const cardTs = String((await rig.deps.store.get(ended, 'CE5'))?.cardTs);
  const replies = rig.standin.threadReplies('CE5', cardTs).map(payloadOf);
  expect(replies.find((p) => p?.kind === 'terminal')?.status).toBe('CANCELLED');
}, 60_000);
