import { afterAll, beforeAll, expect, it } from 'vitest';
import { type PollRig, startPollRig } from '../helpers/poll-rig.js';
import { pollSettled } from '../helpers/poll-settled.js';
import { createFastJob, payloadOf } from '../helpers/watch-fixtures.js';

let rig: PollRig;
const CHANNELS = Array.from({ length: 10 }, (_, i) => `CMANY${i}`);

beforeAll(async () => {
  // Real per-channel post pacing; chat.update pacing opened up so 100 edits do not take two minutes.
  rig = await startPollRig({
    speed: 20,
    poster: { postGapMs: 1050, updatesPerMinute: 60_000, updateBurst: 200 },
  });
  rig.deps.concurrency = 32;
});
afterAll(async () => {
  await rig?.close();
});

it('100 jobs finishing at once: one terminal reply each, never more than 1 post per second per channel', async () => {
  const jobs = [];
  for (let i = 0; i < 100; i++) jobs.push(await createFastJob(rig.deps.backend, { steps: 1000 }));
  rig.advance(30_000); // all RUNNING now: the watches start from there
  await Promise.all(
    jobs.map((j, i) => rig.service.watch({ jobId: j.id, channel: CHANNELS[i % 10] as string, userId: 'U1' })),
  );
  rig.advance(200_000); // every job reaches SUCCESS at the same instant
  const report = await pollSettled(rig.deps);
  expect(report.errors).toEqual([]);
  for (const c of CHANNELS) {
    const cards = rig.standin.channelMessages(c).filter((m) => payloadOf(m)?.kind === 'card');
    expect(cards).toHaveLength(10);
    for (const card of cards) {
      const ends = rig.standin.threadReplies(c, card.ts).filter((m) => payloadOf(m)?.kind === 'terminal');
      expect(ends).toHaveLength(1);
    }
    expect(rig.standin.maxPostsPerWindow(c, 1000)).toBeLessThanOrEqual(1);
  }
}, 120_000);
