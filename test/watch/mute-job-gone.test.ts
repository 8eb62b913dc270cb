import { afterEach, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../devtools/slack-standin.js';
import type { PollDeps } from '../../src/poller/poll-once.js';
import { checkMessage, visibleText } from '../helpers/block-kit.js';
import { type PollRig, startPollRig } from '../helpers/poll-rig.js';
import { pollSettled } from '../helpers/poll-settled.js';
import { createFastJob, payloadOf } from '../helpers/watch-fixtures.js';

/**
 * A job deleted on the provider (404) while its watch is muted: like a terminal status reached while
 * muted, nothing goes in the thread, the watch ends, and the mute's one summary names it when the
 * mute ends by the clock. Each once, across restarts.
 */
const MINUTE = 60_000;
const CHANNEL = 'CMUTEGONE';
let rig: PollRig;

afterEach(async () => {
  await rig?.close();
});

const cardOf = (): StoredMessage => {
  const card = rig.standin.channelMessages(CHANNEL).find((m) => payloadOf(m)?.kind === 'card');
  if (!card) throw new Error(`no card in ${CHANNEL}`);
  return card;
};
const thread = () => rig.standin.threadReplies(CHANNEL, cardOf().ts);
const summaries = () => thread().filter((m) => payloadOf(m)?.status === 'MUTE_ENDED');
const goneReplies = () => thread().filter((m) => payloadOf(m)?.status === 'NOT_FOUND');

/** A watched job held at its first status (stepped clock: it moves only when the test says), then muted. */
async function mutedWatch(muteMs: number): Promise<string> {
  rig = await startPollRig({ speed: 1, clock: 'stepped' });
  const job = await createFastJob(rig.deps.backend, { autoStart: false });
  await rig.service.watch({ jobId: job.id, channel: CHANNEL, userId: 'U1' });
  expect((await pollSettled(rig.deps)).errors).toEqual([]);
  const muted = await rig.service.mute({ jobId: job.id, channel: CHANNEL, untilMs: rig.deps.now() + muteMs });
  expect(muted).toBe('muted');
  return job.id;
}

/** The pass that meets the 404: the job's one error, nothing else. */
async function goneJobPass(deps: PollDeps) {
  const report = await pollSettled(deps);
  expect(report.errors.map((e) => e.kind)).toEqual(['not_found']);
}

async function quietPass(deps: PollDeps) {
  expect((await pollSettled(deps)).errors).toEqual([]);
}

async function stateOf(deps: PollDeps, jobId: string) {
  return (await deps.store.get(jobId, CHANNEL))?.state;
}

function expectOneSummaryNamingTheEnd(): void {
  expect(summaries()).toHaveLength(1);
  const summary = summaries()[0] as StoredMessage;
  expect(visibleText(summary)).toMatch(
    /while it was muted: 🗑️ no longer exists on Mistral sandbox \(the watch has ended\)\./,
  );
  expect(checkMessage({ text: summary.text, blocks: summary.blocks })).toEqual([]);
  // Summed up, never told on its own: not before the summary, not after it.
  expect(goneReplies()).toEqual([]);
}

describe('a job deleted while its watch is muted', () => {
  it('gets no thread reply; the watch ends, and the mute ends on time with one summary naming it', async () => {
    const jobId = await mutedWatch(30 * MINUTE);
    const before = thread().length;
    rig.sandbox.removeJob(jobId);
    await goneJobPass(rig.deps);
    expect(await stateOf(rig.deps, jobId)).toBe('finished');
    expect(thread()).toHaveLength(before);
    // The card says so at once: a mute holds thread replies, not the card.
    await rig.standin.waitFor(() => /no longer exists/.test(cardOf().text));
    // Nothing is watched any more: later passes have no job to read, and post nothing.
    rig.advance(10 * MINUTE);
    expect((await pollSettled(rig.deps)).skipped).toBe('no_watches');
    expect(thread()).toHaveLength(before);

    rig.advance(21 * MINUTE);
    await pollSettled(rig.deps);
    expectOneSummaryNamingTheEnd();
    expect(thread()).toHaveLength(before + 1);
    rig.advance(MINUTE);
    await pollSettled(rig.deps);
    expect(thread()).toHaveLength(before + 1);
  }, 60_000);

  it('the same across restarts: no reply after one, and one summary after another', async () => {
    const jobId = await mutedWatch(30 * MINUTE);
    const before = thread().length;
    rig.sandbox.removeJob(jobId);
    let deps = rig.restart();
    await goneJobPass(deps);
    expect(await stateOf(deps, jobId)).toBe('finished');
    deps = rig.restart();
    rig.advance(MINUTE);
    await pollSettled(deps);
    expect(thread()).toHaveLength(before);

    rig.advance(30 * MINUTE);
    deps = rig.restart();
    await quietPass(deps);
    expectOneSummaryNamingTheEnd();
    deps = rig.restart();
    rig.advance(MINUTE);
    await pollSettled(deps);
    expect(thread()).toHaveLength(before + 1);
  }, 60_000);

  it('a mute that ended before the 404 was seen is summed up first, then the job-gone reply follows', async () => {
    const jobId = await mutedWatch(30 * MINUTE);
    const before = thread().length;
    rig.sandbox.removeJob(jobId);
    rig.advance(31 * MINUTE);
    await goneJobPass(rig.deps);
    expect(await stateOf(rig.deps, jobId)).toBe('finished');
    const added = thread().slice(before);
    expect(added.map((m) => payloadOf(m)?.status)).toEqual(['MUTE_ENDED', 'NOT_FOUND']);
    expect(visibleText(added[0] as StoredMessage)).toContain('nothing the thread would have got happened');
    rig.advance(MINUTE);
    await pollSettled(rig.restart());
    expect(thread()).toHaveLength(before + 2);
  }, 60_000);
});

describe('the retired-API notice (410) while a watch is muted', () => {
  it('is still posted once, in the channel itself, not in the muted thread', async () => {
    await mutedWatch(30 * MINUTE);
    const before = thread().length;
    rig.sandbox.faults.gone = true;
    for (let i = 0; i < 2; i++) expect((await pollSettled(rig.deps)).aborted).toBe('retired');
    const notices = rig.standin
      .channelMessages(CHANNEL)
      .filter((m) => payloadOf(m)?.status === 'RETIRED' && m.thread_ts === undefined);
    expect(notices).toHaveLength(1);
    expect(thread()).toHaveLength(before);
  }, 60_000);
});
