import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../devtools/local-stack.js';
import { renderMessageText } from '../../devtools/render-text.js';
import type { StoredMessage } from '../../devtools/slack-standin.js';
import type { FileInfo, Job } from '../../src/domain/job.js';
import type { AuditEntry } from '../../src/store/audit-log.js';
import { ACTION, BLOCK, INPUT, VIEW } from '../../src/views/ids.js';
import {
  expectAction,
  openForm,
  startCreateStack,
  submit,
  trainingFiles,
  validInput,
} from '../create/stack.js';
import { visibleText } from '../helpers/block-kit.js';
import { eventually } from '../helpers/watch-fixtures.js';

/**
 * Approvals end to end over HTTP: the stand-in plays Slack, the real app decides. Over 10 USD needs
 * an approver; the sandbox prices 10 steps at its 4 USD minimum and 100 steps at about 13 USD.
 */
const REQUESTER = 'U0000USER';
const APPROVER_A = 'U0APPROVEA';
const APPROVER_B = 'U0APPROVEB';
const HOUR_MS = 3600_000;
let stack: LocalStack;
let files: FileInfo[];
/** Moves the app's clock (and the sandbox's) forward: how a request is made to expire. */
let offsetMs = 0;

beforeAll(async () => {
  stack = await startCreateStack({
    env: {
      POLL_INTERVAL_SECONDS: '1',
      FINETUNE_APPROVAL_OVER: '10 USD',
      FINETUNE_APPROVERS: `${APPROVER_A},${APPROVER_B}`,
      FINETUNE_APPROVAL_EXPIRES_HOURS: '24',
    },
    now: () => Date.now() + offsetMs,
  });
  files = await trainingFiles(stack);
});

afterAll(async () => {
  await stack?.close();
});

let channels = 0;
/** A job made through the modal (own channel: posts are paced per channel), VALIDATED, with its card. */
async function validatedJob(steps: number): Promise<{ job: Job; cardTs: string; channel: string }> {
  channels += 1;
  return validatedJobIn(`C0APPROVE${channels}`, steps);
}

async function validatedJobIn(
  channel: string,
  steps: number,
): Promise<{ job: Job; cardTs: string; channel: string }> {
  const input = validInput(files, channel, { trainingSteps: String(steps) });
  expectAction((await submit(stack, await openForm(stack), input)).ack, 'update');
  const job = (await stack.app.deps.backend.listJobs({ suffix: input.suffix })).jobs[0] as Job;
  const card = await stack.standin.waitFor((s) =>
    s.channelMessages(channel).find((m) => JSON.stringify(m.blocks).includes(job.id)),
  );
  await eventually(async () => (await stack.app.deps.backend.getJob(job.id)).status === 'VALIDATED', 15_000);
  return { job, cardTs: card.ts, channel };
}

const text = (m: StoredMessage) => visibleText(m.blocks as unknown[]);

/** Start on the card; the answer is read when one is expected (a start that goes ahead has none: the card changes). */
async function clickStart(
  job: Job,
  channel: string,
  cardTs: string,
  user = REQUESTER,
  answer = true,
): Promise<string> {
  const click = await stack.driver.blockAction({
    actionId: ACTION.jobStart,
    value: job.id,
    channel,
    messageTs: cardTs,
    user,
  });
  expect(click.status).toBe(200);
  if (!answer) return '';
  return renderMessageText(
    (await stack.driver.waitForResponse(click.responseUrl as string)) as Parameters<
      typeof renderMessageText
    >[0],
  );
}

/** The request in the card's thread: the one message with the Approve button. */
async function requestIn(channel: string, cardTs: string): Promise<StoredMessage> {
  return stack.standin.waitFor((s) =>
    s.threadReplies(channel, cardTs).find((m) => JSON.stringify(m.blocks).includes(ACTION.approvalApprove)),
  );
}

async function clickOnRequest(
  actionId: string,
  channel: string,
  request: StoredMessage,
  user: string,
): Promise<{ sentence: string; triggerId: string }> {
  const value = JSON.stringify(request.blocks).match(/"value":"([a-f0-9]{16})"/)?.[1] as string;
  const click = await stack.driver.blockAction({ actionId, value, channel, messageTs: request.ts, user });
  expect(click.status).toBe(200);
  if (actionId === ACTION.approvalDecline && !click.responseUrl)
    return { sentence: '', triggerId: click.triggerId };
  const responses = () => stack.driver.responsesFor(click.responseUrl as string);
  if (actionId === ACTION.approvalDecline) {
    // An approver gets the modal and no answer in the channel; anyone else gets a sentence.
    const opened = await eventually(async () => {
      const view = [...stack.standin.views.values()].find(
        (v) => v.view.callback_id === VIEW.approvalDecline && v.view.private_metadata === value,
      );
      return view ? 'modal' : responses().length > 0 ? 'sentence' : undefined;
    });
    if (opened === 'modal') return { sentence: '', triggerId: click.triggerId };
  }
  const body = await stack.driver.waitForResponse(click.responseUrl as string);
  return {
    sentence: renderMessageText(body as Parameters<typeof renderMessageText>[0]),
    triggerId: click.triggerId,
  };
}

async function auditOf(jobId: string): Promise<AuditEntry[]> {
  return (await stack.app.deps.audit.list({ sinceMs: 0 })).filter((e) => e.jobId === jobId);
}

const repliesWith = (channel: string, cardTs: string, needle: string) =>
  stack.standin
    .threadReplies(channel, cardTs)
    .filter((m) => m.text.includes(needle) || text(m).includes(needle));

describe('approval of costly starts', () => {
  it('starts a job under the threshold at once, and records the start', async () => {
    const { job, cardTs, channel } = await validatedJob(10);
    await clickStart(job, channel, cardTs, REQUESTER, false);
    await stack.standin.waitFor((s) =>
      s.threadReplies(channel, cardTs).find((m) => m.text.includes(`Training started by <@${REQUESTER}>`)),
    );
    const thread = stack.standin.threadReplies(channel, cardTs);
    expect(thread.some((m) => JSON.stringify(m.blocks).includes(ACTION.approvalApprove))).toBe(false);
    const edits = stack.standin.callsTo('chat.update').filter((c) => c.args.ts === cardTs);
    expect(edits.some((c) => JSON.stringify(c.args.blocks).includes('Awaiting approval'))).toBe(false);
    const actions = (await auditOf(job.id)).map((e) => e.action);
    expect(actions).toEqual(['create', 'start']);
  });

  it('holds a job over the threshold for approval, then starts it once an approver approves', async () => {
    const { job, cardTs, channel } = await validatedJob(100);
    const said = await clickStart(job, channel, cardTs);
    expect(said).toContain('was not started yet');
    expect(said).toMatch(/about 1\d\.\d\d USD/);
    const request = await requestIn(channel, cardTs);
    // The approvers are mentioned once, in this one message.
    const mentions = stack.standin
      .threadReplies(channel, cardTs)
      .filter((m) => JSON.stringify(m.blocks).includes(`<@${APPROVER_A}> <@${APPROVER_B}>`));
    expect(mentions).toHaveLength(1);
    expect(text(request)).toMatch(/expires/);
    const confirm = JSON.stringify(request.blocks);
    expect(confirm).toMatch(/at about 1\d\.\d\d USD/);
    // The card says so, and its Start button is gone while the request is open.
    const card = await eventually(async () => {
      const m = stack.standin.message(channel, cardTs);
      return m && text(m).includes('Awaiting approval') ? m : undefined;
    });
    expect(text(card)).toMatch(/Awaiting approval.*about 1\d\.\d\d USD/);
    expect(JSON.stringify(card.blocks)).not.toContain(ACTION.jobStart);
    expect((await stack.app.deps.backend.getJob(job.id)).status).toBe('VALIDATED');

    const dmsBefore = stack.standin.dms(REQUESTER).length;
    const { sentence } = await clickOnRequest(ACTION.approvalApprove, channel, request, APPROVER_A);
    expect(sentence).toContain(`Approved by @${APPROVER_A}`);
    await stack.standin.waitFor((s) =>
      s.threadReplies(channel, cardTs).find((m) => m.text.includes(`Training started by <@${REQUESTER}>`)),
    );
    expect(repliesWith(channel, cardTs, `Approved by <@${APPROVER_A}>`).length).toBeGreaterThanOrEqual(1);
    expect(['STARTED', 'RUNNING', 'SUCCESS', 'QUEUED']).toContain(
      (await stack.app.deps.backend.getJob(job.id)).status,
    );
    const dm = await stack.standin.waitFor((s) =>
      s
        .dms(REQUESTER)
        .slice(dmsBefore)
        .find((m) => m.text.includes('Approved')),
    );
    expect(dm.text).toContain(`<@${APPROVER_A}>`);
    // The request's buttons are replaced by the outcome.
    await eventually(async () => {
      const m = stack.standin.message(channel, request.ts);
      return m && !JSON.stringify(m.blocks).includes(ACTION.approvalApprove);
    });
    const entries = await auditOf(job.id);
    expect(entries.map((e) => e.action)).toEqual(['create', 'approval_requested', 'approved', 'start']);
    expect(entries.find((e) => e.action === 'approved')).toMatchObject({ user: APPROVER_A, currency: 'USD' });
  });

  it('starts the job once when two approvers click Approve at the same moment', async () => {
    const { job, cardTs, channel } = await validatedJob(100);
    await clickStart(job, channel, cardTs);
    const request = await requestIn(channel, cardTs);
    const [a, b] = await Promise.all([
      clickOnRequest(ACTION.approvalApprove, channel, request, APPROVER_A),
      clickOnRequest(ACTION.approvalApprove, channel, request, APPROVER_B),
    ]);
    expect([a.sentence, b.sentence].filter((s) => /Approved by/.test(s) && !/Already/.test(s))).toHaveLength(
      1,
    );
    expect(
      [a.sentence, b.sentence].filter((s) => /Already decided|deciding this request/.test(s)),
    ).toHaveLength(1);
    await stack.standin.waitFor((s) =>
      s.threadReplies(channel, cardTs).find((m) => m.text.includes('Training started by')),
    );
    // Settle: a second start would announce again.
    await eventually(async () => (await stack.app.deps.backend.getJob(job.id)).status !== 'VALIDATED');
    expect(repliesWith(channel, cardTs, 'Training started by')).toHaveLength(1);
    const entries = await auditOf(job.id);
    expect(entries.filter((e) => e.action === 'start')).toHaveLength(1);
    expect(entries.filter((e) => e.action === 'approved')).toHaveLength(1);
  });

  it('declines with a reason given in the small modal: said in the thread and by DM, the job not started', async () => {
    const { job, cardTs, channel } = await validatedJob(100);
    await clickStart(job, channel, cardTs);
    const request = await requestIn(channel, cardTs);
    await clickOnRequest(ACTION.approvalDecline, channel, request, APPROVER_B);
    const modal = await stack.standin.waitFor(() =>
      [...stack.standin.views.values()].find(
        (v) =>
          v.view.callback_id === VIEW.approvalDecline &&
          !v.closed &&
          JSON.stringify(v.view.blocks).includes(job.id.slice(0, 8)),
      ),
    );
    const res = await stack.driver.viewSubmission({
      view: modal,
      user: APPROVER_B,
      values: {
        [BLOCK.declineReason]: {
          [INPUT.declineReason]: {
            type: 'plain_text_input',
            value: 'Too costly <this> month & use 10 steps',
          },
        },
      },
    });
    expect(res.status).toBe(200);
    const reply = await stack.standin.waitFor((s) =>
      s.threadReplies(channel, cardTs).find((m) => m.text.includes(`Declined by <@${APPROVER_B}>`)),
    );
    // The reason, escaped: it cannot become a mention or a link.
    expect(reply.text).toContain('Reason: Too costly &lt;this&gt; month &amp; use 10 steps');
    await stack.standin.waitFor((s) => s.dms(REQUESTER).find((m) => m.text.includes('Declined')));
    expect((await stack.app.deps.backend.getJob(job.id)).status).toBe('VALIDATED');
    // The card is itself again: no awaiting line, a Start button to ask again.
    const card = await eventually(async () => {
      const m = stack.standin.message(channel, cardTs);
      return m && !text(m).includes('Awaiting approval') ? m : undefined;
    });
    expect(JSON.stringify(card.blocks)).toContain(ACTION.jobStart);
    const declined = (await auditOf(job.id)).find((e) => e.action === 'declined');
    expect(declined).toMatchObject({ user: APPROVER_B, detail: 'Too costly <this> month & use 10 steps' });
  });

  it('refuses the requester as their own approver, and records the refusal', async () => {
    const { job, cardTs, channel } = await validatedJob(100);
    await clickStart(job, channel, cardTs, APPROVER_A);
    const request = await requestIn(channel, cardTs);
    const own = await clickOnRequest(ACTION.approvalApprove, channel, request, APPROVER_A);
    expect(own.sentence).toContain('You asked for this start, so another approver must decide it');
    const stranger = await clickOnRequest(ACTION.approvalApprove, channel, request, 'U0STRANGER');
    expect(stranger.sentence).toContain('Only the approvers listed in FINETUNE_APPROVERS');
    expect((await stack.app.deps.backend.getJob(job.id)).status).toBe('VALIDATED');
    const refusals = (await auditOf(job.id)).filter((e) => e.action === 'refused');
    expect(refusals.map((e) => e.user)).toEqual([APPROVER_A, 'U0STRANGER']);
  });

  it('shows the audit to operators with /finetune audit, and exports it as CSV', async () => {
    const res = await stack.driver.command(`audit <#C0APPROVE2|approvals> days:2`, { channel: 'C0APPROVE2' });
    const shown = renderMessageText(
      (await stack.driver.waitForResponse(res.responseUrl)) as Parameters<typeof renderMessageText>[0],
    );
    expect(shown).toContain('Audit log in #C0APPROVE2, last 2 days');
    expect(shown).toMatch(/@U0APPROVEA approved the start of job `\w{8}` \(1\d\.\d\d USD\)/);
    expect(shown).toContain('asked for approval of');

    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/audit.ts', '--since', '2020-01-01', '--format', 'csv'],
      { env: { PATH: process.env.PATH, STORE_URL: stack.storeUrl } },
    );
    const rows = stdout.split('\r\n');
    expect(rows[0]).toBe('at,user,action,job_id,channel,cost,currency,detail');
    expect(rows.some((r) => /,U0APPROVEA,approved,[\w-]+,C0APPROVE2,1\d\.\d+,USD,/.test(r))).toBe(true);
    // RFC 4180: the reason with its comma-free text but quotes and markup stays one field.
    expect(
      rows.some((r) => r.includes(',declined,') && r.endsWith(',Too costly <this> month & use 10 steps')),
    ).toBe(true);
  });

  it('sends a start past the channel budget for approval, even under the threshold', async () => {
    const channel = 'C0APPROVEBUDGET';
    const budget = await stack.driver.command('budget 5 USD per month', { channel });
    await stack.driver.waitForResponse(budget.responseUrl);
    // Two 4 USD jobs (under the 10 USD threshold) in a channel allowed 5 USD a month.
    const first = await validatedJobIn(channel, 10);
    await clickStart(first.job, channel, first.cardTs, REQUESTER, false);
    await stack.standin.waitFor((s) =>
      s.threadReplies(channel, first.cardTs).find((m) => m.text.includes('Training started by')),
    );
    const second = await validatedJobIn(channel, 10);
    const said = await clickStart(second.job, channel, second.cardTs);
    expect(said).toContain('was not started yet');
    expect(said).toContain(`past its monthly budget of 5.00 USD: `);
    const request = await requestIn(channel, second.cardTs);
    expect(text(request)).toContain('would take');
    expect((await stack.app.deps.backend.getJob(second.job.id)).status).toBe('VALIDATED');
  });

  it('creates a job with auto start over the threshold without auto start, and asks for approval', async () => {
    const channel = 'C0APPROVEAUTO';
    const input = validInput(files, channel, { trainingSteps: '100', autoStart: true });
    const { ack } = await submit(stack, await openForm(stack), input);
    expectAction(ack, 'push');
    const estimate = stack.standin.lastView() as NonNullable<ReturnType<typeof stack.standin.lastView>>;
    const done = await stack.driver.viewSubmission({ view: estimate, values: {} });
    const result = (done.body as { view: { blocks: unknown[] } }).view;
    expect(visibleText(result.blocks)).toContain('needs approval, so it was created without auto start');
    const job = (await stack.app.deps.backend.listJobs({ suffix: input.suffix })).jobs[0] as Job;
    expect(job.auto_start).toBe(false);
    const card = await stack.standin.waitFor((s) =>
      s.channelMessages(channel).find((m) => JSON.stringify(m.blocks).includes(job.id)),
    );
    const request = await requestIn(channel, card.ts);
    expect(text(request)).toMatch(/about 1\d\.\d\d USD/);
    await stack.standin.waitFor((s) =>
      s.dms(REQUESTER).find((m) => m.text.includes(`I asked the approvers in <#${channel}>`)),
    );
    // Once validated, the card the poller edits still says it is awaiting approval, with no Start.
    await eventually(
      async () => (await stack.app.deps.backend.getJob(job.id)).status === 'VALIDATED',
      15_000,
    );
    const validated = await eventually(async () => {
      const m = stack.standin.message(channel, card.ts);
      return m && text(m).includes('VALIDATED') ? m : undefined;
    }, 15_000);
    expect(text(validated)).toContain('Awaiting approval');
    expect(JSON.stringify(validated.blocks)).not.toContain(ACTION.jobStart);
    // The approver's Approve starts it.
    const { sentence } = await clickOnRequest(ACTION.approvalApprove, channel, request, APPROVER_B);
    expect(sentence).toContain(`Approved by @${APPROVER_B}`);
    await stack.standin.waitFor((s) =>
      s.threadReplies(channel, card.ts).find((m) => m.text.includes('Training started by')),
    );
  });

  it('lets a request expire after the stated time: nothing starts, the thread and the requester are told', async () => {
    const { job, cardTs, channel } = await validatedJob(100);
    await clickStart(job, channel, cardTs);
    const request = await requestIn(channel, cardTs);
    // A day later, with nobody clicking: the request closes by itself and says so in the thread.
    offsetMs += 25 * HOUR_MS;
    await stack.standin.waitFor((s) =>
      s
        .threadReplies(channel, cardTs)
        .find((m) => m.text.includes('expired') && m.text.includes('without a decision')),
    );
    // Its buttons are replaced by the outcome (a paced edit).
    await eventually(async () => {
      const m = stack.standin.message(channel, request.ts);
      return m && !JSON.stringify(m.blocks).includes(ACTION.approvalApprove);
    });
    // A late click (from a stale copy of the buttons) starts nothing.
    const late = await clickOnRequest(ACTION.approvalApprove, channel, request, APPROVER_A);
    expect(late.sentence).toContain('expired');
    expect(late.sentence).toContain('nothing was started');
    await stack.standin.waitFor((s) => s.dms(REQUESTER).find((m) => m.text.includes('expired')));
    expect((await stack.app.deps.backend.getJob(job.id)).status).toBe('VALIDATED');
    const actions = (await auditOf(job.id)).map((e) => e.action);
    expect(actions).toEqual(['create', 'approval_requested', 'expired']);
  });
});
