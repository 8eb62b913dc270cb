import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../devtools/slack-standin.js';
import type { PollDeps } from '../../src/poller/poll-once.js';
import type { JobShape } from '../../src/sandbox/index.js';
import { checkMessage, visibleText } from '../helpers/block-kit.js';
import { type PollRig, startPollRig } from '../helpers/poll-rig.js';
import { pollSettled } from '../helpers/poll-settled.js';
import { REDIS_SKIP, type RedisServer, startRedis } from '../helpers/redis.js';
import { createFastJob, payloadOf } from '../helpers/watch-fixtures.js';

const MINUTE = 60_000;
// At sandbox speed 1 a job waits 5 s queued, 10 s validating, 1 s validated, 2 s started, then
// trains 3 s a step.
const QUEUED_MS = 5_000;
const LEAD_IN_MS = 18_000;
const STEP_MS = 3_000;

let rig: PollRig;
afterEach(async () => {
  await rig?.close();
});

const cardOf = (channel: string): StoredMessage => {
  const card = rig.standin.channelMessages(channel).find((m) => payloadOf(m)?.kind === 'card');
  if (!card) throw new Error(`no card in ${channel}`);
  return card;
};

/** The warning replies in the card's thread, oldest first: `raise:<kind>` or `clear:<kind>`. */
function warningsIn(channel: string): string[] {
  return rig.standin
    .threadReplies(channel, cardOf(channel).ts)
    .map(payloadOf)
    .filter((p) => p?.kind === 'warning' || p?.kind === 'warning_cleared')
    .map((p) => `${p?.kind === 'warning' ? 'raise' : 'clear'}:${String(p?.status)}`);
}

function warningMessages(channel: string): StoredMessage[] {
  return rig.standin.threadReplies(channel, cardOf(channel).ts).filter((m) => {
    const kind = payloadOf(m)?.kind;
    return kind === 'warning' || kind === 'warning_cleared';
  });
}

/** Every warning posted is a valid Slack message. */
function expectValidWarnings(channel: string): void {
  for (const m of warningMessages(channel))
    expect(checkMessage({ text: m.text, blocks: m.blocks })).toEqual([]);
}

/** Through the sandbox's control route, over HTTP, as a demo or another process would. */
async function shape(jobId: string, s: JobShape): Promise<void> {
  const res = await fetch(`${rig.sandbox.url}/_sandbox/jobs/${jobId}/shape`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(s),
  });
  expect(res.status).toBe(200);
}

async function pass(deps: PollDeps) {
  const report = await pollSettled(deps);
  expect(report.errors).toEqual([]);
  return report;
}

async function watchNewJob(channel: string, s: JobShape, steps = 10) {
  const job = await createFastJob(rig.deps.backend, { steps });
  await shape(job.id, s);
  await rig.service.watch({ jobId: job.id, channel, userId: 'U1' });
  return job.id;
}

/** Passes every `stepMs` until the job ended, then two more. */
async function pollToEnd(deps: PollDeps, jobId: string, stepMs: number) {
  for (let i = 0; i < 200; i++) {
    rig.advance(stepMs);
    await pass(deps);
    const { status } = await deps.backend.getJob(jobId);
    if (status === 'SUCCESS' || status === 'FAILED') break;
  }
  await pass(deps);
  await pass(rig.restart());
}

/** A queued job's warning: raised once when due, cleared once when it moves, across restarts. */
async function queuedScenario(storeUrl?: string): Promise<void> {
  rig = await startPollRig({ speed: 1, storeUrl, warnings: { queuedMinutes: 30, stalledMinutes: 30 } });
  const jobId = await watchNewJob('CWARNQ', { holdQueuedMs: 40 * MINUTE });
  await pass(rig.deps);
  // Not due yet: a quiet pass applies nothing and reads no watch.
  rig.advance(10 * MINUTE);
  const quiet = await pass(rig.deps);
  expect(quiet).toMatchObject({ changed: 0, warnChecks: 0, posts: 0 });
  expect(quiet.storeReads.watch).toBe(0);
  expect(warningsIn('CWARNQ')).toEqual([]);

  rig.advance(21 * MINUTE);
  const due = await pass(rig.deps);
  // Still QUEUED (no status change): only the due warning made the pass apply the job.
  expect(due).toMatchObject({ changed: 0, warnChecks: 1, posts: 1 });
  expect(warningsIn('CWARNQ')).toEqual(['raise:queued']);
  const text = visibleText(warningMessages('CWARNQ')[0] as StoredMessage);
  expect(text).toContain('QUEUED for 31 min');

  // A watch begun now, in another channel, gets the warning as its thread's first reply.
  await rig.service.watch({ jobId, channel: 'CWARNQ2', userId: 'U2' });
  expect(warningsIn('CWARNQ2')).toEqual(['raise:queued']);

  // More passes, and a restarted process, post nothing more while it is still queued.
  rig.advance(MINUTE);
  await pass(rig.deps);
  let deps = rig.restart();
  rig.advance(MINUTE);
  const after = await pass(deps);
  expect(after).toMatchObject({ warnChecks: 0, posts: 0 });
  expect(warningsIn('CWARNQ')).toEqual(['raise:queued']);

  // The hold ends: the job validates, and the warning is cleared once.
  rig.advance(40 * MINUTE + QUEUED_MS - 33 * MINUTE + 1_000);
  expect((await deps.backend.getJob(jobId)).status).toBe('VALIDATING');
  await pass(deps);
  expect(warningsIn('CWARNQ')).toEqual(['raise:queued', 'clear:queued']);
  expect(warningsIn('CWARNQ2')).toEqual(['raise:queued', 'clear:queued']);
  expect(visibleText(warningMessages('CWARNQ')[1] as StoredMessage)).toContain('now 🔍 VALIDATING');
  deps = rig.restart();
  await pollToEnd(deps, jobId, STEP_MS);
  for (const channel of ['CWARNQ', 'CWARNQ2']) {
    expect(warningsIn(channel)).toEqual(['raise:queued', 'clear:queued']);
    expectValidWarnings(channel);
  }
}
describe('early warnings in the card thread', () => {
  it('a warning due while the watch is muted is not posted; the mute summary tells it, and no clear follows', async () => {
    rig = await startPollRig({ speed: 1, warnings: { queuedMinutes: 30, stalledMinutes: 30 } });
    const jobId = await watchNewJob('CWARNM', { holdQueuedMs: 40 * MINUTE });
    await pass(rig.deps);
    expect(await rig.service.mute({ jobId, channel: 'CWARNM', untilMs: rig.deps.now() + 35 * MINUTE })).toBe(
      'muted',
    );
    rig.advance(31 * MINUTE);
    await pass(rig.deps);
    expect(warningsIn('CWARNM')).toEqual([]);

    // The mute ends by the clock: one summary naming the warning, and nothing posted for it later.
    rig.advance(5 * MINUTE);
    await pass(rig.deps);
    const summaries = rig.standin
      .threadReplies('CWARNM', cardOf('CWARNM').ts)
      .filter((m) => payloadOf(m)?.status === 'MUTE_ENDED');
    expect(summaries).toHaveLength(1);
    expect(visibleText(summaries[0] as StoredMessage)).toContain('Warnings meanwhile: waiting too long.');
    rig.advance(10 * MINUTE);
    await pass(rig.deps);
    expect(warningsIn('CWARNM')).toEqual([]);
  }, 60_000);

  it(
    'a job queued past the threshold is warned about once, and cleared once when it moves, across restarts',
    () => queuedScenario(),
    60_000,
  );

  it('a warning Slack posted but whose answer was lost is adopted after a restart, never posted twice', async () => {
    rig = await startPollRig({ speed: 1, warnings: { queuedMinutes: 30, stalledMinutes: 30 } });
    const jobId = await watchNewJob('CWARNX', { holdQueuedMs: 40 * MINUTE });
    await pass(rig.deps);
    rig.advance(31 * MINUTE);
    // The warning is stored by Slack, then the answer is lost (a 500 after the work, or a crash).
    rig.standin.injectFault({
      method: 'chat.postMessage',
      channel: 'CWARNX',
      status: 500,
      afterProcessing: true,
    });
    const failed = await pollSettled(rig.deps);
    expect(failed.errors).not.toEqual([]);
    expect(warningsIn('CWARNX')).toEqual(['raise:queued']);

    const restarted = rig.restart();
    rig.advance(MINUTE);
    // The job's state was not marked shown, so its warning is still due: fetched, found in Slack, adopted.
    expect(await pass(restarted)).toMatchObject({ warnChecks: 1, posts: 0 });
    expect(warningsIn('CWARNX')).toEqual(['raise:queued']);
    expect(await restarted.store.pendingPosts()).toBe(0);
    const watch = await restarted.store.get(jobId, 'CWARNX');
    expect(watch?.warnings?.map((w) => w.kind)).toEqual(['queued']);
  }, 60_000);

  it('a training job with no new step for the threshold is warned about once, and cleared once when it steps again', async () => {
    rig = await startPollRig({ speed: 1, warnings: { stalledMinutes: 30 } });
    const stall = { atStep: 3, ms: 40 * MINUTE };
    const jobId = await watchNewJob('CWARNS', { stall });
    // Through the lead-in and the first three steps, to the stall.
    for (let t = 0; t < LEAD_IN_MS + 4 * STEP_MS; t += STEP_MS) {
      rig.advance(STEP_MS);
      await pass(rig.deps);
    }
    expect(warningsIn('CWARNS')).toEqual([]);
    // A restart during the stall: when the progress last moved is stored with the job's state, so
    // the new process counts from then, not from its own start.
    rig.advance(20 * MINUTE);
    await pass(rig.deps);
    let deps = rig.restart();
    await pass(deps);
    expect(warningsIn('CWARNS')).toEqual([]);
    rig.advance(11 * MINUTE);
    await pass(deps);
    expect(warningsIn('CWARNS')).toEqual(['raise:stalled']);
    expect(visibleText(warningMessages('CWARNS')[0] as StoredMessage)).toMatch(
      /No new step or checkpoint for 3\d min while training/,
    );
    deps = rig.restart();
    rig.advance(MINUTE);
    await pass(deps);
    expect(warningsIn('CWARNS')).toEqual(['raise:stalled']);

    // The stall ends (40 min after step 3): the next step clears the warning, once.
    rig.advance(8 * MINUTE + STEP_MS / 2);
    await pass(deps);
    expect(warningsIn('CWARNS')).toEqual(['raise:stalled', 'clear:stalled']);
    expect(visibleText(warningMessages('CWARNS')[1] as StoredMessage)).toContain('training made progress');
    deps = rig.restart();
    await pollToEnd(deps, jobId, STEP_MS);
    expect(warningsIn('CWARNS')).toEqual(['raise:stalled', 'clear:stalled']);
    expectValidWarnings('CWARNS');
  }, 60_000);

  it('validation loss rising over three checkpoints while training loss falls is warned about once, with the best step, and cleared once it falls', async () => {
    rig = await startPollRig({ speed: 20 });
    const jobId = await watchNewJob('CWARNO', { overfit: { from: 0.4, until: 0.7 } }, 20);
    let deps = rig.deps;
    rig.advance(900);
    for (let i = 0; i < 30; i++) {
      // A restart half-way (while the warning stands) must not post it again.
      if (i === 12) deps = rig.restart();
      rig.advance(150);
      await pass(deps);
    }
    await pollToEnd(deps, jobId, 150);
    expect(warningsIn('CWARNO')).toEqual(['raise:overfitting', 'clear:overfitting']);
    const [raised, cleared] = warningMessages('CWARNO').map((m) => visibleText(m));
    // The sandbox's validation loss is lowest at 40 % of 20 steps.
    expect(raised).toContain('Likely overfitting');
    expect(raised).toContain('at step 8');
    expect(cleared).toContain('Validation loss fell again');
    expectValidWarnings('CWARNO');
  }, 60_000);

  it('a reported cost above the configured threshold is warned about once', async () => {
    // The sandbox's minimum fee is 4 USD.
    rig = await startPollRig({
      speed: 20,
      warnings: { stalledMinutes: 30, cost: { amount: 3, currency: 'USD' } },
    });
    const jobId = await watchNewJob('CWARNC', {});
    await pollToEnd(rig.deps, jobId, 150);
    expect(warningsIn('CWARNC')).toEqual(['raise:cost']);
    expect(visibleText(warningMessages('CWARNC')[0] as StoredMessage)).toContain(
      'reports 4.00 USD for this job, above the 3.00 USD threshold',
    );
    expectValidWarnings('CWARNC');
  }, 60_000);

  it('a cost warning is cleared once when the reported cost is back under the threshold', async () => {
    rig = await startPollRig({
      speed: 1,
      warnings: { stalledMinutes: 30, cost: { amount: 10, currency: 'USD' } },
    });
    const jobId = await watchNewJob('CWARNK', { cost: 12 });
    rig.advance(LEAD_IN_MS);
    await pass(rig.deps);
    expect(warningsIn('CWARNK')).toEqual(['raise:cost']);
    // The provider revises its price under the threshold: one clear reply, and nothing more after.
    await shape(jobId, { cost: 8 });
    rig.advance(STEP_MS);
    await pass(rig.deps);
    rig.advance(STEP_MS);
    await pass(rig.restart());
    expect(warningsIn('CWARNK')).toEqual(['raise:cost', 'clear:cost']);
    expectValidWarnings('CWARNK');
  }, 60_000);
});

describe.skipIf(REDIS_SKIP)('early warnings on Redis', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  it(
    'a queued job is warned about once and cleared once, across restarts',
    () => queuedScenario(redis.url),
    60_000,
  );
});
