import { afterEach, describe, expect, it } from 'vitest';
import type { StoredFile } from '../../devtools/slack-standin.js';
import type { PollDeps } from '../../src/poller/poll-once.js';
import { readIhdr } from '../charts/png.js';
import { type PollRig, startPollRig } from '../helpers/poll-rig.js';
import { pollSettled } from '../helpers/poll-settled.js';
import { createFastJob, payloadOf, threadStatuses } from '../helpers/watch-fixtures.js';

let rig: PollRig;
afterEach(async () => {
  await rig?.close();
});

// At sandbox speed 20 a job waits 900 ms before training, then takes 150 ms a step, with a
// checkpoint every 10 % of its steps.
const LEAD_IN_MS = 900;
const STEP_MS = 150;
const STEPS = 20;

const cardOf = (channel: string) => {
  const card = rig.standin.channelMessages(channel).find((m) => payloadOf(m)?.kind === 'card');
  if (!card) throw new Error(`no card in ${channel}`);
  return card;
};

/** Every file shared in the card's thread, oldest first. */
function threadFiles(channel: string): StoredFile[] {
  return rig.standin.threadReplies(channel, cardOf(channel).ts).flatMap((m) => m.files ?? []);
}

/** What each chart is, from its file name: `loss-<job>-25pct-<hash>.png` → `25pct`. */
const moments = (files: StoredFile[]) =>
  files.map((f) => /-(\d+pct|final)-[0-9a-f]{10}\.png$/.exec(f.name)?.[1]);

/** Polls a step at a time until the job has ended and one more pass has run. */
async function pollThroughJob(jobId: string, opts: { restartAtStep?: number } = {}): Promise<PollDeps> {
  let deps = rig.deps;
  rig.advance(LEAD_IN_MS);
  for (let step = 0; step < STEPS + 4; step++) {
    if (step === opts.restartAtStep) deps = rig.restart();
    rig.advance(STEP_MS);
    const report = await pollSettled(deps);
    expect(report.errors).toEqual([]);
  }
  expect((await deps.backend.getJob(jobId)).status).toBe('SUCCESS');
  return deps;
}

describe('loss charts of a watched job', () => {
  it('go into the card thread at each quarter and at the end, once each, across a restart', async () => {
    rig = await startPollRig({ speed: 20, clock: 'stepped' });
    const job = await createFastJob(rig.deps.backend, { steps: STEPS });
    await rig.service.watch({ jobId: job.id, channel: 'CCHART1', userId: 'U1' });
    await rig.service.watch({ jobId: job.id, channel: 'CCHART2', userId: 'U1' });
    const deps = await pollThroughJob(job.id, { restartAtStep: 9 });
    // Two more passes of yet another process: a duplicate would come from one that redoes an upload.
    const again = rig.restart();
    await pollSettled(again);
    await pollSettled(deps);

    for (const channel of ['CCHART1', 'CCHART2']) {
      const files = threadFiles(channel);
      expect(moments(files)).toEqual(['25pct', '50pct', '75pct', 'final']);
      expect(files.every((f) => f.filetype === 'png' && f.title.includes(job.id))).toBe(true);
      // The final chart comes after the terminal summary, in the thread (never broadcast).
      const replies = rig.standin.threadReplies(channel, cardOf(channel).ts);
      const summary = replies.findIndex((m) => payloadOf(m)?.kind === 'terminal');
      const final = replies.findIndex((m) => m.files?.some((f) => f.name.includes('-final-')));
      expect(summary).toBeGreaterThanOrEqual(0);
      expect(final).toBeGreaterThan(summary);
      expect(replies[final]?.subtype).toBeUndefined();
      expect(threadStatuses(replies)).toContain('SUCCESS');
    }
    // Each chart was uploaded once: three steps each, no upload URL asked for twice.
    expect(rig.standin.callsTo('files.getUploadURLExternal')).toHaveLength(8);
    expect(rig.standin.callsTo('files.completeUploadExternal')).toHaveLength(8);
    const png = rig.standin.uploadedFiles().find((f) => f.name.includes('-final-'));
    const ihdr = readIhdr(png?.bytes ?? Buffer.alloc(0));
    expect(ihdr.width).toBeGreaterThan(720);
    expect(ihdr.height).toBeGreaterThan(320);
  }, 60_000);

  it('adopts an upload Slack carried out when its answer was lost, instead of uploading it again', async () => {
    rig = await startPollRig({ speed: 20, clock: 'stepped' });
    const job = await createFastJob(rig.deps.backend, { steps: STEPS });
    await rig.service.watch({ jobId: job.id, channel: 'CCHART3', userId: 'U1' });
    rig.advance(LEAD_IN_MS + 6 * STEP_MS); // 30 %: the 25 % chart is due
    // Slack shares the file, then the answer is lost (a 500 after the work, or a crash before the
    // outbox marked it sent): the pass fails and the intent stays pending.
    rig.standin.injectFault({ method: 'files.completeUploadExternal', status: 500, afterProcessing: true });
    const failed = await pollSettled(rig.deps);
    expect(failed.errors).not.toEqual([]);
    expect(moments(threadFiles('CCHART3'))).toEqual(['25pct']);
    expect(await rig.deps.store.pendingPosts()).toBe(1);

    const restarted = rig.restart();
    expect((await pollSettled(restarted)).errors).toEqual([]);
    expect(moments(threadFiles('CCHART3'))).toEqual(['25pct']);
    expect(rig.standin.callsTo('files.getUploadURLExternal')).toHaveLength(1);
    expect(await restarted.store.pendingPosts()).toBe(0);
  }, 30_000);

  it('skips a chart Slack refuses (no files:write) and goes on with the watch', async () => {
    rig = await startPollRig({ speed: 20, clock: 'stepped' });
    const job = await createFastJob(rig.deps.backend, { steps: STEPS });
    await rig.service.watch({ jobId: job.id, channel: 'CCHART4', userId: 'U1' });
    rig.advance(LEAD_IN_MS + 6 * STEP_MS);
    rig.standin.injectFault({ method: 'files.getUploadURLExternal', error: 'missing_scope' });
    expect((await pollSettled(rig.deps)).errors).toEqual([]);
    expect(threadFiles('CCHART4')).toEqual([]);
    rig.advance(20 * STEP_MS);
    expect((await pollSettled(rig.deps)).errors).toEqual([]);
    expect(moments(threadFiles('CCHART4'))).toEqual(['final']);
    expect((await rig.deps.store.get(job.id, 'CCHART4'))?.state).toBe('finished');
  }, 30_000);

  it('a watch begun at 60 % posts no chart for the quarters already passed, then the next one', async () => {
    rig = await startPollRig({ speed: 20, clock: 'stepped' });
    const job = await createFastJob(rig.deps.backend, { steps: STEPS });
    rig.advance(LEAD_IN_MS + 12 * STEP_MS); // 60 %
    await rig.service.watch({ jobId: job.id, channel: 'CCHART6', userId: 'U1' });
    expect((await pollSettled(rig.deps)).errors).toEqual([]);
    expect(threadFiles('CCHART6')).toEqual([]);
    rig.advance(4 * STEP_MS); // 80 %
    expect((await pollSettled(rig.deps)).errors).toEqual([]);
    expect(moments(threadFiles('CCHART6'))).toEqual(['75pct']);
  }, 30_000);

  it('posts no chart for a job that ended without metrics', async () => {
    rig = await startPollRig({ speed: 20, clock: 'stepped' });
    const job = await createFastJob(rig.deps.backend, { steps: STEPS });
    await rig.service.watch({ jobId: job.id, channel: 'CCHART5', userId: 'U1' });
    await rig.deps.backend.cancelJob(job.id);
    rig.advance(LEAD_IN_MS);
    expect((await pollSettled(rig.deps)).errors).toEqual([]);
    expect(threadStatuses(rig.standin.threadReplies('CCHART5', cardOf('CCHART5').ts))).toContain('CANCELLED');
    expect(threadFiles('CCHART5')).toEqual([]);
  }, 30_000);
});
