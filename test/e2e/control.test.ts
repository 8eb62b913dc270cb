import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../devtools/local-stack.js';
import { renderMessageText } from '../../devtools/render-text.js';
import type { RecordedCall } from '../../devtools/slack-standin.js';
import { COMMANDS } from '../../src/commands/table.js';
import type { FileInfo, Job } from '../../src/domain/job.js';
import { isTerminalStatus } from '../../src/domain/status.js';
import { PHASE_MS } from '../../src/sandbox/lifecycle.js';
import { LOOKUP_FAILED_SENTENCE, NOT_OPERATOR_SENTENCE } from '../../src/slack/operators.js';
import { ACTION, BLOCK, VIEW } from '../../src/views/ids.js';
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

/** Start and cancel from the card buttons and the slash command, and who may do it. */
let stack: LocalStack;
let files: FileInfo[];
const CHANNEL = 'C0CONTROL';

type Body = Record<string, unknown>;
const textOf = (body: Body) => renderMessageText(body as Parameters<typeof renderMessageText>[0]);

beforeAll(async () => {
  // A pass every second, so a card shows VALIDATED soon after the job is (the default is 30 s).
  stack = await startCreateStack({ env: { POLL_INTERVAL_SECONDS: '1' } });
  files = await trainingFiles(stack);
});

afterAll(async () => {
  await stack?.close();
});

async function until<T>(read: () => Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Creates a job through the modal and waits until it is VALIDATED; returns it and its card. */
let channels = 0;
/** Each job gets its own channel: the watch service paces posts per channel (1 message/s). */
async function validatedJob(): Promise<{ job: Job; cardTs: string; channel: string }> {
  channels += 1;
  const CHANNEL = `C0CONTROL${channels}`;
  const input = validInput(files, CHANNEL);
  expectAction((await submit(stack, await openForm(stack), input)).ack, 'update');
  const job = (await stack.app.deps.backend.listJobs({ suffix: input.suffix })).jobs[0]!;
  const card = await stack.standin.waitFor((s) =>
    s.channelMessages(CHANNEL).find((m) => JSON.stringify(m.blocks).includes(job.id)),
  );
  await until(async () => {
    const j = await stack.app.deps.backend.getJob(job.id);
    return j.status === 'VALIDATED' ? j : undefined;
  }, 'VALIDATED');
  return { job, cardTs: card.ts, channel: CHANNEL };
}

type Blocks = { block_id?: string; text?: { text?: string }; elements?: unknown[] }[];

/** The status a card shows in its header ("☑️ Fine-tuning job 1a2b3c4d · VALIDATED"). */
function cardStatus(blocks: unknown): string | undefined {
  const header = (blocks as Blocks).find((b) => b.block_id === BLOCK.jobHeader);
  return header?.text?.text?.split(' · ').at(-1);
}

/** The card's buttons by action_id, with their confirm dialogs. */
function cardButtons(blocks: unknown): Record<string, { confirm?: { text?: { text?: string } } }> {
  const row = (blocks as Blocks).find((b) => b.block_id === BLOCK.jobActions);
  const buttons = (row?.elements ?? []) as { action_id: string; confirm?: { text?: { text?: string } } }[];
  return Object.fromEntries(buttons.map((b) => [b.action_id, b]));
}

/** The first chat.update of this card, after `from` calls, whose status is no longer VALIDATED. */
function cardEditAfter(channel: string, ts: string, from: number): RecordedCall | undefined {
  return stack.standin
    .callsTo('chat.update')
    .slice(from)
    .find(
      (c) =>
        c.ok &&
        c.args.ts === ts &&
        c.args.channel === channel &&
        cardStatus(c.args.blocks) !== undefined &&
        cardStatus(c.args.blocks) !== 'VALIDATED',
    );
}

/** Waits until the card in the channel itself (edited by the poller, paced) shows VALIDATED. */
async function validatedCard(channel: string, ts: string) {
  return eventually(async () => {
    const m = stack.standin.message(channel, ts);
    return m && cardStatus(m.blocks) === 'VALIDATED' ? m : undefined;
  }, 15_000);
}

async function ask(text: string, user?: string): Promise<string> {
  const res = await stack.driver.command(text, { user });
  return textOf(await stack.driver.waitForResponse(res.responseUrl));
}

async function seeded(status: string): Promise<Job> {
  const page = await stack.app.deps.backend.listJobs({ pageSize: 100 });
  const job = page.jobs.find((j) => j.status === status);
  if (!job) throw new Error(`the sandbox has no ${status} job`);
  return job;
}

describe('start and cancel from the card', () => {
  it('"Start training" starts a VALIDATED job and says who did it in the card thread', async () => {
    const { job, cardTs, channel: CHANNEL } = await validatedJob();
    const click = await stack.driver.blockAction({
      actionId: ACTION.jobStart,
      value: job.id,
      channel: CHANNEL,
      messageTs: cardTs,
    });
    expect(click.status).toBe(200);
    await stack.standin.waitFor((s) =>
      s.threadReplies(CHANNEL, cardTs).find((m) => m.text.includes('Training started by <@U0000USER>')),
    );
    const after = await stack.app.deps.backend.getJob(job.id);
    expect(['VALIDATED', 'STARTED', 'RUNNING', 'SUCCESS']).toContain(after.status);
    expect(stack.standin.payloadProblems).toEqual([]);
  });

  it('edits the card in the channel after a start: a new status, and no Start button any more', async () => {
    const { job, cardTs, channel } = await validatedJob();
    const before = await validatedCard(channel, cardTs);
    expect(cardButtons(before.blocks)).toHaveProperty(ACTION.jobStart);
    const edits = stack.standin.callsTo('chat.update').length;
    await stack.driver.blockAction({ actionId: ACTION.jobStart, value: job.id, channel, messageTs: cardTs });
    const edit = await eventually(async () => cardEditAfter(channel, cardTs, edits), 15_000);
    expect(['STARTED', 'RUNNING', 'SUCCESS']).toContain(cardStatus(edit.args.blocks));
    expect(cardButtons(edit.args.blocks)).not.toHaveProperty(ACTION.jobStart);
    // The card as it now stands in the channel, not only the call.
    const card = await eventually(async () => {
      const m = stack.standin.message(channel, cardTs);
      return m && cardStatus(m.blocks) !== 'VALIDATED' ? m : undefined;
    });
    expect(cardButtons(card.blocks)).not.toHaveProperty(ACTION.jobStart);
  });

  it('edits the card in the channel after a cancel: a cancelling status, no Start button', async () => {
    const { job, cardTs, channel } = await validatedJob();
    await validatedCard(channel, cardTs);
    const edits = stack.standin.callsTo('chat.update').length;
    await stack.driver.blockAction({ actionId: ACTION.jobCancel, value: job.id, channel, messageTs: cardTs });
    const edit = await eventually(async () => cardEditAfter(channel, cardTs, edits), 15_000);
    expect(['CANCELLATION_REQUESTED', 'CANCELLED']).toContain(cardStatus(edit.args.blocks));
    expect(cardButtons(edit.args.blocks)).not.toHaveProperty(ACTION.jobStart);
  });

  it('shows the estimate on a VALIDATED card, and the Start confirm dialog repeats the cost', async () => {
    const { job, cardTs, channel } = await validatedJob();
    const card = await validatedCard(channel, cardTs);
    const text = visibleText(card.blocks as unknown[]);
    expect(text).toMatch(/Expected duration\*?\n\S+/);
    const cost = text.match(/Estimated cost\*?\n([\d.,]+ [A-Z]{3})/)?.[1];
    expect(cost, text).toBeDefined();
    expect(text).toMatch(/Train tokens\*?\n[\d,]+/);
    const details = await stack.app.deps.backend.getJob(job.id);
    expect(cost).toContain(details.metadata?.cost_currency ?? 'missing currency');
    const confirm = cardButtons(card.blocks)[ACTION.jobStart]?.confirm?.text?.text ?? '';
    expect(confirm).toContain(`cost about ${cost}`);
  });

  it('"Cancel job" (after its confirm dialog) cancels and says who did it', async () => {
    const { job, cardTs, channel: CHANNEL } = await validatedJob();
    const card = stack.standin.message(CHANNEL, cardTs)!;
    const cancel = JSON.stringify(card.blocks);
    expect(cancel).toContain(ACTION.jobCancel);
    expect(cancel).toContain('"confirm"');
    await stack.driver.blockAction({
      actionId: ACTION.jobCancel,
      value: job.id,
      channel: CHANNEL,
      messageTs: cardTs,
    });
    await stack.standin.waitFor((s) =>
      s.threadReplies(CHANNEL, cardTs).find((m) => m.text.includes('Cancelled by <@U0000USER>')),
    );
    const after = await stack.app.deps.backend.getJob(job.id);
    expect(['CANCELLATION_REQUESTED', 'CANCELLED']).toContain(after.status);
  });

  it('replaces a card shown only to the user (from /finetune status) in place', async () => {
    const { job } = await validatedJob();
    const status = await stack.driver.command(`status ${job.id}`);
    await stack.driver.waitForResponse(status.responseUrl);
    const ephemeral = stack.standin.ephemerals.at(-1)!;
    const click = await stack.driver.blockAction({
      actionId: ACTION.jobCancel,
      value: job.id,
      messageTs: ephemeral.ts,
    });
    const replaced = await stack.driver.waitForResponse(click.responseUrl!);
    expect(replaced.replace_original).toBe(true);
    expect(textOf(replaced)).toMatch(/CANCEL/);
  });
});

describe('/finetune start and /finetune cancel', () => {
  it('start <prefix> starts a VALIDATED job and announces it on its card', async () => {
    const { job, cardTs, channel: CHANNEL } = await validatedJob();
    const text = await ask(`start ${job.id.slice(0, 8)}`);
    expect(text).toMatch(/Training of job .* was requested/);
    await stack.standin.waitFor((s) =>
      s.threadReplies(CHANNEL, cardTs).find((m) => m.text.includes('Training started by')),
    );
  });

  it('refuses to start a job that is not VALIDATED, naming its status', async () => {
    const done = await seeded('SUCCESS');
    expect(await ask(`start ${done.id}`)).toMatch(/cannot be started: its status is .?SUCCESS/);
  });

  it('refuses to cancel a finished job, naming its status', async () => {
    const done = await seeded('SUCCESS');
    expect(await ask(`cancel ${done.id}`)).toMatch(
      /cannot be cancelled: its status is .?SUCCESS.?, which is final/,
    );
  });

  it('cancel <id> cancels a live job', async () => {
    const { job } = await validatedJob();
    expect(await ask(`cancel ${job.id}`)).toMatch(/is being cancelled/);
  });

  it('refuses to start a job that was created with auto start, naming its current status', async () => {
    const auto = await stack.app.deps.backend.createJob({
      model: 'open-mistral-7b',
      training_files: [{ file_id: files[0]!.id }],
      // Long enough to stay RUNNING for the whole test at sandbox speed.
      hyperparameters: { training_steps: 100_000 },
      suffix: `auto-${process.pid % 1000}`,
      auto_start: true,
    });
    const running = await eventually(async () => {
      const j = await stack.app.deps.backend.getJob(auto.id);
      return j.status === 'RUNNING' ? j : undefined;
    });
    expect(running.auto_start).toBe(true);
    expect(await ask(`start ${auto.id}`)).toMatch(/cannot be started: its status is .?RUNNING/);
    expect((await stack.app.deps.backend.getJob(auto.id)).status).toBe('RUNNING');
  });

  it('asks which job when none is given', async () => {
    expect(await ask('start')).toMatch(/Which job\?/);
    expect(await ask('cancel')).toMatch(/Which job\?/);
  });
});

describe('a job created with auto start, caught while VALIDATED', () => {
  let frozen: LocalStack;
  let t = Date.now();
  beforeAll(async () => {
    // Only the sandbox's clock stands still, so the job stays VALIDATED until the test moves it.
    frozen = await startCreateStack({ sandboxOptions: { now: () => t } });
  });
  afterAll(async () => {
    await frozen?.close();
  });

  it('refuses /finetune start: it starts by itself, and says its status', async () => {
    const fFiles = await trainingFiles(frozen);
    const job = await frozen.app.deps.backend.createJob({
      model: 'open-mistral-7b',
      training_files: [{ file_id: fFiles[0]!.id }],
      hyperparameters: { training_steps: 10 },
      auto_start: true,
    });
    // Past queueing and validation (speed 100), inside the moment an auto-start job shows VALIDATED.
    t += (PHASE_MS.queued + PHASE_MS.validating + PHASE_MS.validatedAutoStart / 2) / 100;
    expect((await frozen.app.deps.backend.getJob(job.id)).status).toBe('VALIDATED');
    const res = await frozen.driver.command(`start ${job.id}`);
    const text = textOf(await frozen.driver.waitForResponse(res.responseUrl));
    expect(text).toMatch(/starts by itself \(it was created with auto start\); its status is .?VALIDATED/);
  });
});

describe('FINETUNE_OPERATORS', () => {
  let ops: LocalStack;
  beforeAll(async () => {
    ops = await startCreateStack({
      env: { FINETUNE_OPERATORS: 'U0OPERATOR,S0MLTEAM' },
      standinOptions: { usergroups: { S0MLTEAM: ['U0MEMBER'] } },
    });
  });
  afterAll(async () => {
    await ops?.close();
  });

  /** A job waiting for a human to start it: live until someone acts. */
  async function liveJob(): Promise<Job> {
    const opsFiles = await trainingFiles(ops);
    const input = validInput(opsFiles, CHANNEL);
    return ops.app.deps.backend.createJob({
      model: input.model!,
      training_files: [{ file_id: opsFiles[0]!.id }],
      hyperparameters: { training_steps: 10 },
      suffix: input.suffix,
      auto_start: false,
    });
  }

  async function opsAsk(text: string, user: string): Promise<string> {
    const res = await ops.driver.command(text, { user });
    return textOf(await ops.driver.waitForResponse(res.responseUrl));
  }

  it('refuses create, start and cancel to others with one ephemeral sentence, and logs it without secrets', async () => {
    const opens = ops.standin.callsTo('views.open').length;
    expect(await opsAsk('create', 'U0OUTSIDER')).toContain(NOT_OPERATOR_SENTENCE);
    expect(ops.standin.callsTo('views.open')).toHaveLength(opens);
    const live = await liveJob();
    expect(await opsAsk(`cancel ${live.id}`, 'U0OUTSIDER')).toContain(NOT_OPERATOR_SENTENCE);
    expect(await opsAsk(`start ${live.id}`, 'U0OUTSIDER')).toContain(NOT_OPERATOR_SENTENCE);
    expect(isTerminalStatus((await ops.app.deps.backend.getJob(live.id)).status)).toBe(false);
    const refusals = ops.logs.filter((l) => l.includes('refused: not in FINETUNE_OPERATORS'));
    expect(refusals.length).toBeGreaterThanOrEqual(3);
    expect(refusals.join('\n')).toContain('U0OUTSIDER');
    expect(refusals.join('\n')).toContain(live.id);
    expect(refusals.join('\n')).not.toContain('xoxb-');
  });

  it('refuses exactly the commands the command table marks operator-only, and answers the others', async () => {
    const live = await liveJob();
    for (const c of COMMANDS) {
      const answer =
        c.name === 'create'
          ? await opsAsk('create', 'U0OUTSIDER')
          : await opsAsk(`${c.name} ${live.id}`, 'U0OUTSIDER');
      if (c.operatorOnly) expect(answer, c.name).toContain(NOT_OPERATOR_SENTENCE);
      else expect(answer, c.name).not.toContain(NOT_OPERATOR_SENTENCE);
    }
    expect(isTerminalStatus((await ops.app.deps.backend.getJob(live.id)).status)).toBe(false);
  });

  it('warns at start-up when FINETUNE_OPERATORS is unset, and not when it is set', () => {
    const warning = (logs: string[]) =>
      logs
        .map((l) => JSON.parse(l) as { level?: number; msg?: string })
        .find((l) => l.msg?.startsWith('FINETUNE_OPERATORS is not set'));
    // `stack` (this file's main stack) was started without FINETUNE_OPERATORS.
    expect(warning(stack.logs)).toMatchObject({
      level: 40,
      msg: 'FINETUNE_OPERATORS is not set: every workspace member may create, start and cancel jobs',
    });
    expect(warning(ops.logs)).toBeUndefined();
  });

  it('refuses a non-operator before judging the form: the refusal, not field errors', async () => {
    const form = await openForm(ops, { user: 'U0OPERATOR' });
    const { ack } = await submit(ops, form, { trainingFiles: [], seqLen: 'ten' }, 'U0OUTSIDER');
    expectAction(ack, 'update');
    expect(visibleText((ack.view as { blocks: unknown[] }).blocks)).toContain(NOT_OPERATOR_SENTENCE);
  });

  it('still lets everyone inspect', async () => {
    const live = await liveJob();
    expect(await opsAsk(`status ${live.id}`, 'U0OUTSIDER')).toContain(live.id);
  });

  it('refuses a create-form submission from a non-operator', async () => {
    const form = await openForm(ops, { user: 'U0OPERATOR' });
    const opsFiles = await trainingFiles(ops);
    const { ack } = await submit(ops, form, validInput(opsFiles, CHANNEL), 'U0OUTSIDER');
    expectAction(ack, 'update');
    expect(visibleText((ack.view as { blocks: unknown[] }).blocks)).toContain(NOT_OPERATOR_SENTENCE);
  });

  it('lets a listed user and a member of a listed user group act', async () => {
    const form = await openForm(ops, { user: 'U0MEMBER' });
    expect(form.view.callback_id).toBe(VIEW.createJob);
    expect(ops.standin.callsTo('usergroups.users.list').length).toBeGreaterThan(0);
    const live = await liveJob();
    expect(await opsAsk(`cancel ${live.id}`, 'U0OPERATOR')).toMatch(/is being cancelled/);
  });
});

describe('FINETUNE_OPERATORS when Slack cannot list a user group', () => {
  let ops: LocalStack;
  beforeAll(async () => {
    ops = await startCreateStack({
      env: { FINETUNE_OPERATORS: 'U0OPERATOR,S0MLTEAM' },
      standinOptions: { usergroups: { S0MLTEAM: ['U0MEMBER'] } },
    });
    ops.standin.injectFault({
      method: 'usergroups.users.list',
      status: 500,
      times: Number.POSITIVE_INFINITY,
    });
  });
  afterAll(async () => {
    await ops?.close();
  });

  it('refuses start and cancel with a sentence saying the check failed, not that the user is no operator', async () => {
    const job = await ops.app.deps.backend.createJob({
      model: 'open-mistral-7b',
      training_files: [{ file_id: (await trainingFiles(ops))[0]!.id }],
      hyperparameters: { training_steps: 10 },
      auto_start: false,
    });
    for (const verb of ['start', 'cancel']) {
      const res = await ops.driver.command(`${verb} ${job.id}`, { user: 'U0MEMBER' });
      const text = textOf(await ops.driver.waitForResponse(res.responseUrl));
      expect(text).toContain(LOOKUP_FAILED_SENTENCE);
      expect(text).not.toContain(NOT_OPERATOR_SENTENCE);
    }
    expect(isTerminalStatus((await ops.app.deps.backend.getJob(job.id)).status)).toBe(false);
    // A listed user is not held up by the group lookup.
    const res = await ops.driver.command(`cancel ${job.id}`, { user: 'U0OPERATOR' });
    expect(textOf(await ops.driver.waitForResponse(res.responseUrl))).toMatch(/is being cancelled/);
  });
});
