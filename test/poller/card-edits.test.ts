import { afterEach, expect, it } from 'vitest';
import { pollOnce } from '../../src/poller/poll-once.js';
import { type PollRig, startPollRig } from '../helpers/poll-rig.js';
import { createFastJob, eventually, payloadOf } from '../helpers/watch-fixtures.js';

let rig: PollRig;
afterEach(async () => {
  await rig?.close();
});

/**
 * Card edits are paced at chat.update's tier (here one per 5 s, after a burst of one) and a poll pass
 * does not wait for them: with many running cards to refresh, a job that just finished still gets
 * its terminal reply in this pass, and its card's edit goes before the progress edits.
 */
it('posts a status reply without waiting behind the paced card edits of other jobs', async () => {
  rig = await startPollRig({ speed: 20, poster: { updatesPerMinute: 12, updateBurst: 1 } });
  const long = [];
  for (let i = 0; i < 4; i++) long.push(await createFastJob(rig.deps.backend, { steps: 1000 }));
  const ending = await createFastJob(rig.deps.backend, { steps: 10 });
  rig.advance(1_500); // all RUNNING
  for (const [i, j] of long.entries())
    await rig.service.watch({ jobId: j.id, channel: `CL${i}`, userId: 'U1' });
  await rig.service.watch({ jobId: ending.id, channel: 'CEND', userId: 'U1' });
  rig.advance(10_000); // the short job has ended; the long ones have new checkpoints

  const report = await pollOnce(rig.deps);
  expect(report.errors).toEqual([]);
  const [card] = rig.standin.channelMessages('CEND').filter((m) => payloadOf(m)?.kind === 'card');
  if (!card) throw new Error('no card in CEND');
  const kinds = rig.standin.threadReplies('CEND', card.ts).map((m) => payloadOf(m)?.kind);
  expect(kinds).toContain('terminal');
  // Five cards changed; the pass returned with most of their edits still queued.
  expect(rig.standin.callsTo('chat.update').length).toBeLessThan(5);

  // The finished job's card is the next edit, ahead of the progress of the three still waiting.
  const edits = await eventually(async () => {
    const calls = rig.standin.callsTo('chat.update');
    return calls.length >= 2 && calls;
  }, 20_000);
  expect(edits[1]?.args.channel).toBe('CEND');
  const shown = rig.standin.channelMessages('CEND').find((m) => m.ts === card.ts);
  expect(shown?.text).toContain('SUCCESS');
}, 40_000);
