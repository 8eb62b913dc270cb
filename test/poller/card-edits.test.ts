import { afterEach, expect, it } from 'vitest';
import { type PollRig, startPollRig } from '../helpers/poll-rig.js';
import { pollSettled } from '../helpers/poll-settled.js';
import { createFastJob, eventually, payloadOf } from '../helpers/watch-fixtures.js';

let rig: PollRig;
afterEach(async () => {
  await rig?.close();
});

/**
 * Card edits are paced at chat.update's tier (here one per 2 s, after a burst of one) and a poll pass
 * does not wait for them: with many running cards to refresh, a job that just finished still gets
 * its terminal reply in this pass, and its card's edit goes before the progress edits.
 */
it('posts a status reply without waiting behind the paced card edits of other jobs', async () => {
  // Speed 1: the short job trains for 30 s, so it is surely still RUNNING when the watches begin.
  rig = await startPollRig({ speed: 1, poster: { updatesPerMinute: 30, updateBurst: 1 } });
  const long = [];
  for (let i = 0; i < 4; i++) long.push(await createFastJob(rig.deps.backend, { steps: 100 }));
  const ending = await createFastJob(rig.deps.backend, { steps: 10 });
  rig.advance(20_000); // all RUNNING
  for (const [i, j] of long.entries())
    await rig.service.watch({ jobId: j.id, channel: `CL${i}`, userId: 'U1' });
  await rig.service.watch({ jobId: ending.id, channel: 'CEND', userId: 'U1' });
  rig.advance(60_000); // the short job has ended; the long ones have new checkpoints

  const report = await pollSettled(rig.deps);
  expect(report.errors).toEqual([]);
  const [card] = rig.standin.channelMessages('CEND').filter((m) => payloadOf(m)?.kind === 'card');
  if (!card) throw new Error('no card in CEND');
  const kinds = rig.standin.threadReplies('CEND', card.ts).map((m) => payloadOf(m)?.kind);
  expect(kinds).toContain('terminal');
  // Five cards changed; the pass returned with most of their edits still queued.
  expect(rig.standin.callsTo('chat.update').length).toBeLessThan(5);

  // The finished job's card goes out with the burst or as the very next edit, ahead of the
  // progress edits still waiting (which one took the single burst token depends on fetch order).
  const edits = await eventually(async () => {
    const calls = rig.standin.callsTo('chat.update');
    return calls.length >= 2 && calls;
  }, 20_000);
  expect(edits.slice(0, 2).map((c) => c.args.channel)).toContain('CEND');
  // And every changed card is edited in the end, once.
  await rig.deps.poster.idle();
  const channels = rig.standin.callsTo('chat.update').map((c) => c.args.channel);
  expect(channels.sort()).toEqual(['CEND', 'CL0', 'CL1', 'CL2', 'CL3']);
  const shown = rig.standin.channelMessages('CEND').find((m) => m.ts === card.ts);
  expect(shown?.text).toContain('SUCCESS');
}, 40_000);
