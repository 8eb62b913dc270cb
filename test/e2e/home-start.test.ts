import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../devtools/local-stack.js';
import type { SlackView, StoredMessage } from '../../devtools/slack-standin.js';
import type { FileInfo, Job } from '../../src/domain/job.js';
import { NOT_OPERATOR_SENTENCE } from '../../src/slack/operators.js';
import { shortId } from '../../src/views/escape.js';
import { ACTION, BLOCK, HOME_BLOCK } from '../../src/views/ids.js';
import { startConfirmText } from '../../src/views/job-card-actions.js';
import { START_CONFIRM } from '../../src/views/strings.js';
import {
  expectAction,
  openForm,
  startCreateStack,
  submit,
  trainingFiles,
  validInput,
} from '../create/stack.js';
import {
  checkHomeView,
  checkMessage,
  checkModal,
  type MessagePayload,
  visibleText,
} from '../helpers/block-kit.js';
import { publishAfter as publishAfterOn } from '../helpers/home-tab.js';
import { eventually } from '../helpers/watch-fixtures.js';

/**
 * *Start training* on the App Home tab, end to end over HTTP: the same start guard as the card's
 * Start (budget, approvals, operators), answered on the tab since a Home click has no response_url.
 * The sandbox prices 10 steps at its 4 USD minimum and 100 steps at 13.11 USD.
 */
let stack: LocalStack;
let files: FileInfo[];

async function startStack(env: Record<string, string>): Promise<void> {
  stack = await startCreateStack({ env: { POLL_INTERVAL_SECONDS: '1', ...env } });
  stack.standin.validatePayload = (kind, payload) => {
    if (kind === 'view')
      return (payload as { type?: string }).type === 'home' ? checkHomeView(payload) : checkModal(payload);
    return checkMessage(
      Array.isArray(payload) ? { text: 'fallback', blocks: payload } : (payload as MessagePayload),
    );
  };
  files = await trainingFiles(stack);
}

async function stopStack(): Promise<void> {
  // Every tab, modal and message passed the Block Kit checks, and Slack refused no publish.
  expect(stack.standin.payloadProblems).toEqual([]);
  expect(stack.standin.callsTo('views.publish').filter((c) => !c.ok)).toEqual([]);
  await stack.close();
}

/** A job `user` made through the create modal in `channel` (auto start off), VALIDATED, with its card. */
async function validatedJob(
  user: string,
  channel: string,
  steps: number,
): Promise<{ job: Job; cardTs: string }> {
  const input = validInput(files, channel, { trainingSteps: String(steps) });
  expectAction((await submit(stack, await openForm(stack, { user, channel }), input, user)).ack, 'update');
  const job = (await stack.app.deps.backend.listJobs({ suffix: input.suffix })).jobs[0] as Job;
  const card = await stack.standin.waitFor((s) =>
    s.channelMessages(channel).find((m) => JSON.stringify(m.blocks).includes(job.id)),
  );
  await eventually(async () => (await stack.app.deps.backend.getJob(job.id)).status === 'VALIDATED', 15_000);
  return { job, cardTs: card.ts };
}

interface HomeButton {
  action_id: string;
  value?: string;
  confirm?: { title: { text: string }; text: { text: string }; confirm: { text: string } };
}
interface HomeBlock {
  block_id?: string;
  accessory?: HomeButton;
  elements?: HomeButton[];
}

const blocksOf = (view: SlackView) => (view.blocks ?? []) as HomeBlock[];
const textOf = (view: SlackView) => visibleText(view.blocks as unknown[]);
const blockIds = (view: SlackView) => blocksOf(view).map((b) => b.block_id);

/** The *Start training* button for this job in the tab's "Awaiting your start" rows, if there is one. */
function awaitingStart(view: SlackView, jobId: string): HomeButton | undefined {
  return blocksOf(view)
    .filter((b) => b.block_id?.startsWith('home_awaiting_row_'))
    .map((b) => b.accessory)
    .find((a) => a?.action_id === ACTION.jobStart && a.value === jobId);
}

/** Any Start for this job anywhere on the tab (an awaiting row, or a job card shown on top). */
function anyStart(view: SlackView, jobId: string): boolean {
  return blocksOf(view).some((b) =>
    [b.accessory, ...(b.elements ?? [])].some((e) => e?.action_id === ACTION.jobStart && e.value === jobId),
  );
}

/** The user opens Home; returns the tab once it lists this job awaiting their start. */
async function homeAwaiting(user: string, jobId: string): Promise<SlackView> {
  const before = stack.standin.homePublishes(user).length;
  expect((await stack.driver.openHome({ user })).status).toBe(200);
  return publishAfter(user, before, (v) => awaitingStart(v, jobId) !== undefined);
}

const publishAfter = (user: string, after: number, shows: (view: SlackView) => boolean) =>
  publishAfterOn(stack.standin, user, after, shows);

/** Clicks Start (or another button) on the user's tab (a confirm dialog was accepted) and returns the tab with the answer on top. */
async function clickOnHome(
  user: string,
  jobId: string,
  answer: string,
  actionId: string = ACTION.jobStart,
): Promise<SlackView> {
  const before = stack.standin.homePublishes(user).length;
  const responses = stack.standin.responses.length;
  const click = await stack.driver.homeAction({ user, actionId, value: jobId });
  expect(click.status).toBe(200);
  expect(click.responseUrl).toBeUndefined();
  const view = await publishAfter(user, before, (v) => blockIds(v).includes(answer));
  // The answer sits right under the tab's own top (title, updated line, Create job), and nothing
  // went through a response_url.
  expect(blockIds(view).slice(0, 4)).toEqual([
    HOME_BLOCK.header,
    HOME_BLOCK.updated,
    HOME_BLOCK.actions,
    answer,
  ]);
  expect(stack.standin.responses.length).toBe(responses);
  return view;
}

const statusOf = async (job: Job) => (await stack.app.deps.backend.getJob(job.id)).status;
const auditOf = async (job: Job) =>
  (await stack.app.deps.audit.list({ sinceMs: 0 })).filter((e) => e.jobId === job.id);
const cardText = (m: StoredMessage) => visibleText(m.blocks as unknown[]);

describe('Start training on the Home tab, without approvals', () => {
  const ALICE = 'U0HSALICE';
  const BOB = 'U0HSBOB';
  const CAROL = 'U0HSCAROL';
  /** Was an operator when his job was made; FINETUNE_OPERATORS no longer lists him. */
  const DAVE = 'U0HSDAVE';
  /** The job Alice starts from her tab. */
  let started: Job;

  beforeAll(async () => {
    await startStack({ FINETUNE_OPERATORS: [ALICE, BOB, CAROL].join(',') });
  });

  afterAll(async () => {
    await stopStack();
  });

  it("starts the job awaiting its creator: the provider starts it, the tab answers on top and no longer lists it, its card's thread says who", async () => {
    const channel = 'C0HSSTART';
    const { job, cardTs } = await validatedJob(ALICE, channel, 10);
    started = job;
    const home = await homeAwaiting(ALICE, job.id);
    expect(textOf(home)).toContain('Awaiting your start');
    // The confirm dialog repeats the provider's estimate before anything is spent.
    const start = awaitingStart(home, job.id);
    expect(start?.confirm?.title.text).toBe(START_CONFIRM.title);
    expect(start?.confirm?.text.text).toBe(startConfirmText(await stack.app.deps.backend.getJob(job.id)));
    expect(start?.confirm?.text.text).toContain('about 4.00 USD');

    const view = await clickOnHome(ALICE, job.id, BLOCK.jobHeader);
    expect(await statusOf(job)).not.toBe('VALIDATED');
    // The answer is the job's card, with its new status and who changed it.
    const text = textOf(view);
    expect(text).toContain(`Fine-tuning job ${shortId(job.id)}`);
    // Only Alice sees her tab: the card is not "Shared", and has no watch Settings (Home is no channel).
    expect(text).toMatch(new RegExp(`Updated <!date[^>]*> by <@${ALICE}>`));
    expect(text).not.toContain('Shared');
    expect(JSON.stringify(view.blocks)).not.toContain(ACTION.jobSettings);
    expect(text).not.toContain('Awaiting your start');
    expect(anyStart(view, job.id)).toBe(false);
    // As with the card's Start: the watch card's thread names who started it, and the card loses its Start.
    await stack.standin.waitFor((s) =>
      s.threadReplies(channel, cardTs).find((m) => m.text.includes(`Training started by <@${ALICE}>`)),
    );
    await eventually(async () => {
      const m = stack.standin.message(channel, cardTs);
      return m && !JSON.stringify(m.blocks).includes(ACTION.jobStart);
    });
    // Audited under the job's channel, so `/finetune audit #channel` lists a start made on Home.
    expect((await auditOf(job)).map((e) => [e.action, e.user, e.channel])).toEqual([
      ['create', ALICE, channel],
      ['start', ALICE, channel],
    ]);
  });

  it('Refresh on that card keeps it private too: Updated, not Shared', async () => {
    const view = await clickOnHome(ALICE, started.id, BLOCK.jobHeader, ACTION.jobRefresh);
    expect(textOf(view)).toMatch(new RegExp(`Updated <!date[^>]*> by <@${ALICE}>`));
    expect(textOf(view)).not.toContain('Shared');
  });

  it('refuses a start past the channel budget with its numbers, and starts nothing', async () => {
    const channel = 'C0HSBUDGET';
    const set = await stack.driver.command('budget 10 USD per month', { user: ALICE, channel });
    await stack.driver.waitForResponse(set.responseUrl);
    const { job } = await validatedJob(ALICE, channel, 100);
    await homeAwaiting(ALICE, job.id);

    const view = await clickOnHome(ALICE, job.id, BLOCK.notice);
    expect(textOf(view)).toContain(
      `Job \`${shortId(job.id)}\` was not started: starting it (about 13.11 USD) would take <#${channel}> past its monthly budget of 10.00 USD: 0.00 USD spent and 0.00 USD committed this month, 10.00 USD left`,
    );
    expect(await statusOf(job)).toBe('VALIDATED');
    // Still waiting for her, with its Start, to try again once the budget is raised.
    expect(awaitingStart(view, job.id)).toBeDefined();
    const refused = (await auditOf(job)).filter((e) => e.action === 'refused');
    expect(refused).toHaveLength(1);
    expect(refused[0]?.detail).toContain('budget:');
    expect((await auditOf(job)).some((e) => e.action === 'start')).toBe(false);
  });

  it("offers nobody else a Start for a job on their Home tab: Bob's tab never shows Carol's job", async () => {
    const { job } = await validatedJob(CAROL, 'C0HSCAROL', 10);
    await homeAwaiting(CAROL, job.id);
    const before = stack.standin.homePublishes(BOB).length;
    await stack.driver.openHome({ user: BOB });
    const bobs = await publishAfter(BOB, before, () => true);
    // The card's Start has no creator rule (anyone FINETUNE_OPERATORS allows may press it on a card
    // in the channel); Home only ever lists one's own jobs, so it offers no Start for another's.
    expect(anyStart(bobs, job.id)).toBe(false);
    expect(textOf(bobs)).not.toContain(shortId(job.id));
    expect(await statusOf(job)).toBe('VALIDATED');
  });

  it('applies the operator rule of the card: someone outside FINETUNE_OPERATORS is refused on the tab, nothing started', async () => {
    // Dave's job, as the create modal records it, from when he was still an operator.
    const { backend, creators } = stack.app.deps;
    const made = await backend.createJob({
      model: 'open-mistral-7b',
      training_files: [{ file_id: (files[0] as FileInfo).id }],
      hyperparameters: { training_steps: 10, learning_rate: 0.0001 },
      auto_start: false,
      suffix: 'home-dave',
    });
    await creators.recordCreated({
      jobId: made.id,
      userId: DAVE,
      channel: 'C0HSDAVE',
      createdAt: made.created_at,
    });
    await eventually(async () => (await backend.getJob(made.id)).status === 'VALIDATED', 15_000);
    await homeAwaiting(DAVE, made.id);

    const view = await clickOnHome(DAVE, made.id, BLOCK.notice);
    expect(textOf(view)).toContain(NOT_OPERATOR_SENTENCE);
    expect(await backend.getJob(made.id).then((j) => j.status)).toBe('VALIDATED');
    const entries = (await stack.app.deps.audit.list({ sinceMs: 0 })).filter((e) => e.jobId === made.id);
    expect(entries.map((e) => [e.action, e.user, e.detail])).toEqual([
      ['refused', DAVE, 'start: not an operator'],
    ]);
  });
});

describe('Start training on the Home tab, with approvals over 10 USD', () => {
  const REQUESTER = 'U0HSREQ';
  const APPROVER_A = 'U0HSAPPROVEA';
  const APPROVER_B = 'U0HSAPPROVEB';

  beforeAll(async () => {
    await startStack({
      FINETUNE_APPROVAL_OVER: '10 USD',
      FINETUNE_APPROVERS: `${APPROVER_A},${APPROVER_B}`,
    });
  });

  afterAll(async () => {
    await stopStack();
  });

  it("asks the approvers in the card's thread instead of starting, exactly as the card's Start does, and says so on the tab", async () => {
    const channel = 'C0HSAPPROVE';
    const { job, cardTs } = await validatedJob(REQUESTER, channel, 100);
    await homeAwaiting(REQUESTER, job.id);

    const view = await clickOnHome(REQUESTER, job.id, BLOCK.notice);
    const said = textOf(view);
    expect(said).toContain(`Job \`${shortId(job.id)}\` was not started yet`);
    expect(said).toMatch(/about 13\.11 USD/);
    expect(said).toContain(`I asked the approvers in <#${channel}> (in the card’s thread)`);
    // The tab offers no second Start while the request is open: its row says the start is asked for.
    expect(anyStart(view, job.id)).toBe(false);
    expect(said).toMatch(/Awaiting approval\*? · about 13\.11 USD/);
    expect(await statusOf(job)).toBe('VALIDATED');
    // One request in the card's thread, mentioning both approvers once, with Approve and Decline.
    const requests = () =>
      stack.standin
        .threadReplies(channel, cardTs)
        .filter((m) => JSON.stringify(m.blocks).includes(ACTION.approvalApprove));
    const request = await stack.standin.waitFor(() => requests()[0]);
    expect(JSON.stringify(request.blocks)).toContain(`<@${APPROVER_A}> <@${APPROVER_B}>`);
    expect(JSON.stringify(request.blocks)).toContain(ACTION.approvalDecline);
    // The card says it awaits approval, and has no Start while the request is open.
    const card = await eventually(async () => {
      const m = stack.standin.message(channel, cardTs);
      return m && cardText(m).includes('Awaiting approval') ? m : undefined;
    });
    expect(JSON.stringify(card.blocks)).not.toContain(ACTION.jobStart);
    expect(
      stack.standin.threadReplies(channel, cardTs).some((m) => m.text.includes('Training started by')),
    ).toBe(false);

    // A second press on the tab asks nobody again: it says the request is waiting.
    const again = await clickOnHome(REQUESTER, job.id, BLOCK.notice);
    expect(textOf(again)).toContain(
      `Job \`${shortId(job.id)}\` is waiting for approval (asked by <@${REQUESTER}>`,
    );
    expect(requests()).toHaveLength(1);
    expect(await statusOf(job)).toBe('VALIDATED');
    expect((await auditOf(job)).map((e) => e.action)).toEqual(['create', 'approval_requested']);
  });
});
