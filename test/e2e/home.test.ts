import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../devtools/local-stack.js';
import type { SlackView } from '../../devtools/slack-standin.js';
import type { Job } from '../../src/domain/job.js';
import { MALFORMED_ACTION_SENTENCE } from '../../src/slack/payload-schemas.js';
import { shortId } from '../../src/views/escape.js';
import { ACTION, BLOCK, HOME_BLOCK, VIEW } from '../../src/views/ids.js';
import { checkHomeView, checkMessage, checkModal, visibleText } from '../helpers/block-kit.js';
import { publishAfter as publishAfterOn } from '../helpers/home-tab.js';

/**
 * App Home end to end: signed `app_home_opened` events and Home clicks over HTTP, the real app and
 * poller, the sandbox behind the real SDK, `views.publish` checked by the stand-in as Slack would.
 */
let stack: LocalStack;
/** The sandbox's clock runs ahead by this much, so a test moves jobs along without sleeping. */
let offsetMs = 0;
const ALICE = 'U0HOMEALICE';
const BOB = 'U0HOMEBOB';
const CHANNEL = 'C0HOMECHAN';
let awaiting: Job;
let running: Job;
let bobs: Job;

const textOf = (view: SlackView | undefined) => visibleText((view?.blocks ?? []) as unknown[]);
const blockIds = (view: SlackView | undefined) =>
  ((view?.blocks ?? []) as { block_id?: string }[]).map((b) => b.block_id);
const publishes = (user: string) => stack.standin.homePublishes(user).length;

/** Waits for the n-th publish of the user's tab (1-based) and returns the view it made. */
const nthPublish = (user: string, n: number) =>
  stack.standin.waitFor((s) => s.homePublishes(user)[n - 1]?.view);

const publishAfter = (user: string, after: number, shows: (view: SlackView) => boolean) =>
  publishAfterOn(stack.standin, user, after, shows);

/** The job's row says this status (the line after its short id). */
const rowStatus = (view: SlackView, job: Job, status: string) =>
  new RegExp(`${shortId(job.id)}\`[^\n]*\n${status} `).test(textOf(view));
let created = 0;

async function createdBy(user: string, autoStart: boolean, suffix: string): Promise<Job> {
  const { backend, creators } = stack.app.deps;
  const file = (await backend.listFiles()).find((f) => f.filename === 'support-chat-train.jsonl')!;
  const job = await backend.createJob({
    model: 'open-mistral-7b',
    training_files: [{ file_id: file.id }],
    hyperparameters: { training_steps: 10, learning_rate: 0.0001 },
    auto_start: autoStart,
    suffix,
  });
  // What the create modal records for the job's creator (after-create.ts).
  // Seconds apart, so "newest first" has one answer.
  created += 1;
  await creators.recordCreated({
    jobId: job.id,
    userId: user,
    channel: CHANNEL,
    createdAt: job.created_at + created,
  });
  return job;
}

beforeAll(async () => {
  stack = await startLocalStack({
    env: { POLL_INTERVAL_SECONDS: '1' },
    sandboxOptions: { now: () => Date.now() + offsetMs },
  });
  stack.standin.validatePayload = (kind, payload) => {
    if (kind === 'message') return checkMessage({ text: 'fallback', blocks: payload as never });
    return (payload as { type?: string }).type === 'home' ? checkHomeView(payload) : checkModal(payload);
  };
  awaiting = await createdBy(ALICE, false, 'home-awaits');
  running = await createdBy(ALICE, true, 'home-runs');
  bobs = await createdBy(BOB, true, 'home-bob');
  // Alice watches her running job here, through the real command.
  const res = await stack.driver.command(`watch ${running.id}`, { user: ALICE, channel: CHANNEL });
  await stack.driver.waitForResponse(res.responseUrl);
  // Past QUEUED and VALIDATING: the job without auto start now waits for Alice.
  offsetMs += 15_200;
  await stack.standin.waitFor(
    async () => (await stack.app.deps.backend.getJob(awaiting.id)).status === 'VALIDATED',
  );
});

afterAll(async () => {
  await stack?.close();
});

describe('the Home tab of two users', () => {
  it("shows Alice her jobs newest first, the one awaiting her start, her watch and Create job, and none of Bob's", async () => {
    const res = await stack.driver.openHome({ user: ALICE });
    expect(res.status).toBe(200);
    const view = await nthPublish(ALICE, 1);
    expect(view.type).toBe('home');
    const text = textOf(view);
    expect(text).toContain('Awaiting your start');
    expect(text).toContain(`\`${shortId(running.id)}\` in <#${CHANNEL}>`);
    expect(text).toContain('Create job');
    expect(text).not.toContain(shortId(bobs.id));
    // Newest first: the job created second is listed first under "Your jobs".
    const jobs = text.slice(text.indexOf('Your jobs'));
    expect(jobs.indexOf(shortId(running.id))).toBeLessThan(jobs.indexOf(shortId(awaiting.id)));
    expect(rowStatus(view, awaiting, 'VALIDATED')).toBe(true);
    expect(stack.standin.payloadProblems).toEqual([]);
  });

  it('shows Bob only his job, and no watch', async () => {
    await stack.driver.openHome({ user: BOB });
    const text = textOf(await nthPublish(BOB, 1));
    expect(text).toContain(shortId(bobs.id));
    expect(text).not.toContain(shortId(running.id));
    expect(text).not.toContain(shortId(awaiting.id));
    expect(text).toContain('You have not set up a watch');
    expect(text).not.toContain('Awaiting your start');
  });

  it('publishes nothing when the Messages tab is opened', async () => {
    const before = publishes(BOB);
    const calls = stack.standin.calls.length;
    const res = await stack.driver.openHome({ user: BOB, tab: 'messages' });
    expect(res.status).toBe(200);
    // A later Home open is published; the Messages one before it was not.
    await stack.driver.openHome({ user: BOB });
    await nthPublish(BOB, before + 1);
    expect(publishes(BOB)).toBe(before + 1);
    expect(stack.standin.calls.slice(calls).filter((c) => c.method === 'views.publish')).toHaveLength(1);
  });
});

describe('buttons on the Home tab', () => {
  it('Details answers on the tab: the job card on top, nothing through a response_url', async () => {
    const before = publishes(ALICE);
    const responses = stack.standin.responses.length;
    const res = await stack.driver.homeAction({
      user: ALICE,
      actionId: ACTION.jobDetails,
      value: running.id,
    });
    expect(res.status).toBe(200);
    expect(res.responseUrl).toBeUndefined();
    const view = await publishAfter(ALICE, before, (v) => blockIds(v).includes(BLOCK.jobHeader));
    const ids = blockIds(view);
    expect(ids.slice(0, 4)).toEqual([
      HOME_BLOCK.header,
      HOME_BLOCK.updated,
      HOME_BLOCK.actions,
      BLOCK.jobHeader,
    ]);
    expect(textOf(view)).toContain(`Fine-tuning job ${shortId(running.id)}`);
    expect(stack.standin.responses.length).toBe(responses);
    expect(stack.standin.payloadProblems).toEqual([]);
  });

  it('Start training starts the job awaiting Alice and the tab shows it started, no longer awaiting', async () => {
    const before = publishes(ALICE);
    await stack.driver.homeAction({ user: ALICE, actionId: ACTION.jobStart, value: awaiting.id });
    const view = await publishAfter(ALICE, before, (v) => blockIds(v).includes(BLOCK.jobHeader));
    expect((await stack.app.deps.backend.getJob(awaiting.id)).status).not.toBe('VALIDATED');
    expect(blockIds(view)).toContain(BLOCK.jobHeader);
    expect(textOf(view)).not.toContain('Awaiting your start');
  });

  it('a malformed button value is answered on the tab', async () => {
    const before = publishes(ALICE);
    await stack.driver.homeAction({ user: ALICE, actionId: ACTION.jobDetails, value: 'not a job' });
    const view = await publishAfter(ALICE, before, (v) => blockIds(v).includes(BLOCK.notice));
    expect(textOf(view)).toContain(MALFORMED_ACTION_SENTENCE);
  });

  it('a failure behind a button (the job is gone) is one sentence on the tab', async () => {
    const before = publishes(ALICE);
    const gone = '0badc0de-0000-4000-8000-000000000000';
    await stack.driver.homeAction({ user: ALICE, actionId: ACTION.jobDetails, value: gone });
    const view = await publishAfter(ALICE, before, (v) => blockIds(v).includes(BLOCK.notice));
    expect(textOf(view)).toMatch(/no job/i);
    expect(textOf(view)).toContain(gone);
  });

  it('Share in channel says that Home belongs to no channel', async () => {
    const before = publishes(ALICE);
    await stack.driver.homeAction({ user: ALICE, actionId: ACTION.jobShare, value: running.id });
    const view = await publishAfter(ALICE, before, (v) => blockIds(v).includes(BLOCK.jobHeader));
    expect(blockIds(view)).toContain(HOME_BLOCK.noChannel);
    expect(stack.standin.channelMessages(CHANNEL).filter((m) => m.text.includes('shared'))).toEqual([]);
  });

  it('Create job opens the create modal for Alice', async () => {
    const opened = stack.standin.callsTo('views.open').length;
    await stack.driver.homeAction({ user: ALICE, actionId: ACTION.openCreate });
    const form = await stack.standin.waitFor((s) => {
      const v = s.lastView();
      return v && v.user === ALICE && v.view.callback_id === VIEW.createJob ? v : undefined;
    });
    expect(form.closed).toBe(false);
    expect(stack.standin.callsTo('views.open').length).toBe(opened + 1);
  });
});

describe('refreshing the tab', () => {
  it("republishes Alice's tab when one of her jobs changes state, and leaves Bob's alone", async () => {
    await stack.driver.openHome({ user: ALICE });
    const shown = await stack.standin.waitFor((s) => {
      const last = s.homePublishes(ALICE).at(-1);
      return last && !blockIds(last.view).includes(BLOCK.jobHeader)
        ? s.homePublishes(ALICE).length
        : undefined;
    });
    const bob = publishes(BOB);
    const before = stack.standin.homePublishes(ALICE).at(-1)!.view;
    expect(rowStatus(before, running, 'SUCCESS')).toBe(false);
    // Ten steps of training later, the watched job has finished: nobody opens or clicks anything.
    offsetMs += 120_000;
    const view = await publishAfter(ALICE, shown, (v) => rowStatus(v, running, 'SUCCESS'));
    expect(blockIds(view)).not.toContain(BLOCK.jobHeader);
    expect(publishes(BOB)).toBe(bob);
  });
});

describe('what Slack received', () => {
  it('every published tab, modal and message passed the Block Kit checks, and Slack refused no publish', () => {
    expect(stack.standin.payloadProblems).toEqual([]);
    expect(stack.standin.callsTo('views.publish').filter((c) => !c.ok)).toEqual([]);
    expect(stack.standin.callsTo('views.publish').length).toBeGreaterThanOrEqual(8);
  });
});
