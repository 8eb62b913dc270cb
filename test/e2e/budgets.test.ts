import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_BOT_TOKEN, LOCAL_SIGNING_SECRET, type LocalStack } from '../../devtools/local-stack.js';
import { renderMessageText } from '../../devtools/render-text.js';
import type { FileInfo, Job } from '../../src/domain/job.js';
import { ACTION } from '../../src/views/ids.js';
import {
  expectAction,
  openForm,
  startCreateStack,
  submit,
  trainingFiles,
  validInput,
} from '../create/stack.js';
import { eventually } from '../helpers/watch-fixtures.js';

/**
 * Budgets end to end over HTTP, without approvals: a start past the channel's monthly budget is
 * refused with its numbers. The sandbox prices 100 steps at 13.11 USD.
 */
let stack: LocalStack;
let files: FileInfo[];
const CHANNEL = 'C0BUDGET1';
type Rendered = Parameters<typeof renderMessageText>[0];

beforeAll(async () => {
  stack = await startCreateStack({ env: { POLL_INTERVAL_SECONDS: '1' } });
  files = await trainingFiles(stack);
});

afterAll(async () => {
  await stack?.close();
});

async function say(text: string, channel = CHANNEL): Promise<string> {
  const res = await stack.driver.command(text, { channel });
  return renderMessageText((await stack.driver.waitForResponse(res.responseUrl)) as Rendered);
}

async function validatedJob(steps: number): Promise<{ job: Job; cardTs: string }> {
  const input = validInput(files, CHANNEL, { trainingSteps: String(steps) });
  expectAction((await submit(stack, await openForm(stack), input)).ack, 'update');
  const job = (await stack.app.deps.backend.listJobs({ suffix: input.suffix })).jobs[0] as Job;
  const card = await stack.standin.waitFor((s) =>
    s.channelMessages(CHANNEL).find((m) => JSON.stringify(m.blocks).includes(job.id)),
  );
  await eventually(async () => (await stack.app.deps.backend.getJob(job.id)).status === 'VALIDATED', 15_000);
  return { job, cardTs: card.ts };
}

async function clickStart(job: Job, cardTs: string) {
  return stack.driver.blockAction({
    actionId: ACTION.jobStart,
    value: job.id,
    channel: CHANNEL,
    messageTs: cardTs,
  });
}

/** "13.11 USD spent · 0.00 USD committed": the two numbers of a currency's line, added. */
function used(shown: string, currency: string): number {
  const line = shown.split('\n').find((l) => l.includes(currency) && l.includes('spent')) ?? '';
  const spent = Number(line.match(/([\d.]+) \w{3} spent/)?.[1]);
  const committed = Number(line.match(/([\d.]+) \w{3} committed/)?.[1]);
  return Math.round((spent + committed) * 100) / 100;
}

describe('monthly budgets per channel', () => {
  it('sets a budget and shows it: set, spent, committed and left, per currency', async () => {
    const shown = await say('budget 20 USD per month');
    expect(shown).toContain('Budget of #C0BUDGET1 this month');
    expect(shown).toContain('*20.00 USD* per month · 0.00 USD spent · 0.00 USD committed · 20.00 USD left');
    const both = await say(`budget <#${CHANNEL}|budget> €30 per month`);
    // Two currencies, two lines: never one sum.
    expect(both).toContain('*20.00 USD* per month');
    expect(both).toContain('*30.00 EUR* per month · 0.00 EUR spent');
    expect(await say('budget 20 per month')).toContain('Say which currency');
    expect(await say('budget 20 USD')).toContain('Budgets are monthly');
  });

  it('lets a start within the budget go ahead, and counts it', async () => {
    const { job, cardTs } = await validatedJob(100);
    await clickStart(job, cardTs);
    await stack.standin.waitFor((s) =>
      s.threadReplies(CHANNEL, cardTs).find((m) => m.text.includes('Training started by')),
    );
    await eventually(async () => (await stack.app.deps.backend.getJob(job.id)).status !== 'VALIDATED');
    expect(used(await say('budget'), 'USD')).toBe(13.11);
  });

  it('refuses a start that would take the channel past its budget, with the numbers, and records it', async () => {
    const { job, cardTs } = await validatedJob(100);
    const click = await clickStart(job, cardTs);
    const said = renderMessageText(
      (await stack.driver.waitForResponse(click.responseUrl as string)) as Rendered,
    );
    expect(said).toContain(
      `was not started: starting it (about 13.11 USD) would take #${CHANNEL} past its monthly budget of 20.00 USD`,
    );
    expect(said).toMatch(/13\.11 USD (spent|committed)/);
    expect(said).toContain('6.89 USD left');
    expect((await stack.app.deps.backend.getJob(job.id)).status).toBe('VALIDATED');
    const entries = (await stack.app.deps.audit.list({ sinceMs: 0 })).filter((e) => e.channel === CHANNEL);
    expect(entries.find((e) => e.action === 'refused' && e.jobId === job.id)?.detail).toContain('budget:');
    expect(entries.filter((e) => e.action === 'budget_set').map((e) => e.detail)).toEqual([
      '20.00 USD per month',
      '30.00 EUR per month',
    ]);
    // A create with auto start past the budget creates nothing, and says why in the modal.
    const input = validInput(files, CHANNEL, { trainingSteps: '100', autoStart: true });
    expectAction((await submit(stack, await openForm(stack), input)).ack, 'push');
    const estimate = stack.standin.lastView() as NonNullable<ReturnType<typeof stack.standin.lastView>>;
    const done = await stack.driver.viewSubmission({ view: estimate, values: {} });
    const result = JSON.stringify((done.body as { view: unknown }).view);
    expect(result).toContain('Nothing was created: starting it (about 13.11 USD) would take');
    expect((await stack.app.deps.backend.listJobs({ suffix: input.suffix })).jobs).toHaveLength(0);
    expect(await say('budget off')).toContain('has no budget any more');
  });

  it('counts an ended job as it was when it ended, without asking the provider again', async () => {
    const { job, cardTs } = await validatedJob(100);
    await clickStart(job, cardTs);
    await eventually(async () => (await stack.app.deps.backend.getJob(job.id)).status === 'RUNNING', 15_000);
    await stack.app.deps.backend.cancelJob(job.id);
    await eventually(
      async () => (await stack.app.deps.backend.getJob(job.id)).status === 'CANCELLED',
      15_000,
    );
    // It trained before it was cancelled: its estimate is spent, beside the job started earlier.
    const before = used(await say('budget 100 USD per month'), 'USD');
    expect(before).toBe(26.22);
    // Were it read again, the provider's 404 would leave it out.
    stack.app.sandbox?.removeJob(job.id);
    expect(used(await say('budget'), 'USD')).toBe(before);
  });

  it('never holds a secret in the audit log: no W&B key, no token, no signing secret', async () => {
    const WANDB_KEY = 'WANDBSECRETauditlog0123456789abcdefXYZ12';
    const input = validInput(files, CHANNEL, { wandbProject: 'audit', wandbKey: WANDB_KEY });
    expectAction((await submit(stack, await openForm(stack), input)).ack, 'update');
    const job = await eventually(
      async () => (await stack.app.deps.backend.listJobs({ suffix: input.suffix })).jobs[0],
    );
    const entries = await stack.app.deps.audit.list({ sinceMs: 0 });
    expect(entries.some((e) => e.action === 'create' && e.jobId === job.id)).toBe(true);
    const all = JSON.stringify(entries);
    for (const secret of [WANDB_KEY, LOCAL_BOT_TOKEN, LOCAL_SIGNING_SECRET])
      expect(all).not.toContain(secret);
  });
});
