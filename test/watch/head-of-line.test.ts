import { afterEach, expect, it } from 'vitest';
import { pollOnce } from '../../src/poller/poll-once.js';
import { createIdleJobs } from '../helpers/idle-jobs.js';
import { type PollRig, startPollRig } from '../helpers/poll-rig.js';
import { pollSettled } from '../helpers/poll-settled.js';
import { payloadOf } from '../helpers/watch-fixtures.js';

let rig: PollRig;
afterEach(async () => {
  await rig?.close();
});

const BUSY = 'CHOLBUSY';
const QUIET = 'CHOLQUIET';
const BURST = 12;

/**
 * Twelve jobs end at once in one channel, whose posts Slack takes one at a time; one job moves in
 * another channel. The pass does not wait for the busy channel's queue, and the other channel's
 * reply goes out while that queue still drains.
 */
it('a burst of replies in one channel holds up neither the pass nor another channel', async () => {
  rig = await startPollRig({ poster: { postGapMs: 150 } });
  const ids = await createIdleJobs(rig, BURST + 1);
  const burst = ids.slice(0, BURST);
  const other = ids[BURST] as string;
  for (const id of burst) await rig.service.watch({ jobId: id, channel: BUSY, userId: 'U1' });
  await rig.service.watch({ jobId: other, channel: QUIET, userId: 'U1' });
  await pollSettled(rig.deps);

  for (const id of burst) await rig.deps.backend.cancelJob(id);
  await rig.deps.backend.startJob(other);
  rig.advance(1_000);
  const postsBefore = rig.standin.callsTo('chat.postMessage').length;
  const report = await pollOnce(rig.deps);
  // The pass is over while the busy channel's replies still wait their turn.
  expect(report.changed).toBe(BURST + 1);
  const sentDuringPass = rig.standin
    .callsTo('chat.postMessage')
    .slice(postsBefore)
    .filter((c) => c.args.channel === BUSY).length;
  expect(sentDuringPass).toBeLessThan(BURST);
  expect((await report.delivered).errors).toEqual([]);

  const posts = rig.standin.callsTo('chat.postMessage').slice(postsBefore);
  const busyPosts = posts.filter((c) => c.args.channel === BUSY);
  const quietPosts = posts.filter((c) => c.args.channel === QUIET);
  // A reply for each status the job went through on its way out (at least the summary).
  expect(busyPosts.length).toBeGreaterThanOrEqual(BURST);
  expect(quietPosts.length).toBeGreaterThan(0);
  // Every reply in the quiet channel arrived before the busy channel was a quarter through.
  const lastQuiet = Math.max(...quietPosts.map((c) => c.at));
  expect(lastQuiet).toBeLessThan((busyPosts[Math.floor(busyPosts.length / 4)] as { at: number }).at);
  // And the busy channel still got one summary per job, one at a time.
  const terminal = rig.standin
    .channelMessages(BUSY)
    .flatMap((m) => rig.standin.threadReplies(BUSY, m.ts))
    .filter((m) => payloadOf(m)?.kind === 'terminal');
  expect(new Set(terminal.map((m) => payloadOf(m)?.job_id)).size).toBe(BURST);
}, 60_000);
