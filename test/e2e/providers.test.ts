import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormInput } from '../../devtools/form-values.js';
import type { LocalStack } from '../../devtools/local-stack.js';
import { renderMessageText } from '../../devtools/render-text.js';
import type { StoredMessage } from '../../devtools/slack-standin.js';
import type { FineTuningBackend } from '../../src/backend/backend.js';
import type { JobDetails } from '../../src/domain/job.js';
import { isTerminalStatus } from '../../src/domain/status.js';
import type { SandboxDialectName } from '../../src/sandbox/dialects.js';
import { ACTION, FORM, VIEW } from '../../src/views/ids.js';
import { sandboxNote } from '../../src/views/strings.js';
import { ackErrors, expectAction, openForm, startCreateStack, submit } from '../create/stack.js';
import { visibleText } from '../helpers/block-kit.js';
import { eventually, payloadOf, threadStatuses } from '../helpers/watch-fixtures.js';

/**
 * The product on each live provider's wire format, offline: the app is configured for the provider
 * with no key, so it runs the sandbox in that provider's dialect, reached through the provider's
 * adapter and real SDK. Mistral's own flows are covered by the other e2e files.
 */
const PROVIDERS: { name: SandboxDialectName; label: string; env: Record<string, string> }[] = [
  { name: 'together', label: 'Together sandbox', env: { FINETUNE_PROVIDER: 'together' } },
  { name: 'openai', label: 'OpenAI-compatible sandbox', env: { FINETUNE_PROVIDER: 'openai' } },
];

type Body = Record<string, unknown>;
const textOf = (body: Body) => renderMessageText(body as Parameters<typeof renderMessageText>[0]);

describe.each(PROVIDERS)('on $name ($label)', ({ env }) => {
  let stack: LocalStack;
  let backend: FineTuningBackend;
  const CHANNEL = 'C0PROVIDER';
  const CREATOR = 'U0CREATOR';

  beforeAll(async () => {
    stack = await startCreateStack({
      env: { POLL_INTERVAL_SECONDS: '1', WANDB_ENTITY: 'acme', ...env },
      sandboxOptions: { speed: 50 },
    });
    backend = stack.app.deps.backend;
  });
  afterAll(async () => {
    await stack?.close();
  });

  async function ask(text: string, user = 'U0ASKER'): Promise<string> {
    const res = await stack.driver.command(text, { user, channel: CHANNEL });
    return textOf(await stack.driver.waitForResponse(res.responseUrl));
  }

  /** A draft the bot holds: what the form makes with Auto start off. */
  async function draft(suffix: string): Promise<JobDetails> {
    const files = await backend.listFiles();
    const file = files.find((f) => f.filename === 'support-chat-train.jsonl');
    if (!file) throw new Error('the sandbox has no training file');
    const job = await backend.createJob({
      model: (await backend.listModels()).find((m) => m.fine_tunable)?.id ?? 'gpt-4o-mini',
      training_files: [{ file_id: file.id }],
      hyperparameters: { epochs: 1 },
      suffix,
      // A key only where the provider takes one per job (Together); the OpenAI shape takes none.
      integrations: [
        {
          type: 'wandb',
          project: 'support-bot',
          api_key: backend.capabilities.wandb.perJobKey ? 'k'.repeat(40) : '',
        },
      ],
      auto_start: false,
    });
    await stack.app.deps.creators.recordCreated({
      jobId: job.id,
      userId: CREATOR,
      channel: CHANNEL,
      createdAt: job.created_at,
    });
    return backend.getJob(job.id);
  }

  const cardOf = (jobId: string): StoredMessage | undefined =>
    stack.standin
      .channelMessages(CHANNEL)
      .find((m) => payloadOf(m)?.kind === 'card' && payloadOf(m)?.job_id === jobId);

  it('lists the provider’s jobs and names where they run', async () => {
    const text = await ask('list');
    expect(text).toContain('Fine-tuning jobs');
    expect(text).toContain(sandboxNote(stack.app.deps.provider));
    const first = (await backend.listJobs({ page: 0, pageSize: 10 })).jobs[0];
    expect(first).toBeDefined();
    expect(text).toContain(String(first?.id).slice(0, 8));
  });

  it('shows a job card for a provider job id, typed in full or as a prefix', async () => {
    // A finished job: its status cannot move between the list and the card (the sandbox runs fast).
    const job = (await backend.listJobs({ page: 0, pageSize: 100 })).jobs.find((j) =>
      isTerminalStatus(j.status),
    ) as JobDetails;
    expect(await ask(`status ${job.id}`)).toContain(job.status);
    const prefix = job.id.slice(0, job.id.indexOf('-') + 9);
    expect(await ask(`status ${prefix}`)).toContain(job.model);
  });

  it('holds a draft: validated by the bot, with its estimate, and nothing created at the provider yet', async () => {
    const before = (await backend.listJobs({ page: 0, pageSize: 100 })).jobs.filter(
      (j) => !j.id.startsWith('draft-'),
    );
    const d = await draft('held');
    expect(d.id).toMatch(/^draft-/);
    expect(d.status).toBe('VALIDATED');
    expect(d.metadata?.train_tokens).toBeGreaterThan(0);
    const after = (await backend.listJobs({ page: 0, pageSize: 100 })).jobs;
    expect(after.filter((j) => !j.id.startsWith('draft-'))).toHaveLength(before.length);
    expect(after.map((j) => j.id)).toContain(d.id);
  });

  it('starts a watched draft from its card, then follows the provider job to the end, once per status', async () => {
    const d = await draft('started');
    expect(await ask(`watch ${d.id}`)).toMatch(/Watching job/);
    const card = await stack.standin.waitFor(() => cardOf(d.id));
    const click = await stack.driver.blockAction({
      actionId: ACTION.jobStart,
      value: d.id,
      channel: CHANNEL,
      messageTs: card.ts,
    });
    expect(click.status).toBe(200);
    await stack.standin.waitFor((s) =>
      s.threadReplies(CHANNEL, card.ts).find((m) => m.text.includes('Training started by')),
    );
    const started = await backend.getJob(d.id);
    expect(started.provider_job_id).toBeDefined();
    // The card in the channel names the provider's own job once it exists.
    await eventually(async () =>
      JSON.stringify(stack.standin.message(CHANNEL, card.ts)?.blocks).includes(
        String(started.provider_job_id),
      ),
    );
    const end = await stack.standin.waitFor(
      (s) => s.threadReplies(CHANNEL, card.ts).find((m) => payloadOf(m)?.kind === 'terminal'),
      30_000,
    );
    // A success stays in the thread (failures only are sent to the channel by default).
    expect(end.subtype).toBeUndefined();
    // The W&B run: the provider's run URL where it sends one (Together), else the project page.
    const summary = JSON.stringify(end.blocks);
    if (backend.capabilities.wandb.runUrl) expect(summary).toMatch(/wandb\.ai\/[^"|>]+\/runs\//);
    else expect(summary).toContain('https://wandb.ai/acme/support-bot');
    const statuses = threadStatuses(stack.standin.threadReplies(CHANNEL, card.ts));
    expect(new Set(statuses).size).toBe(statuses.length);
    expect(statuses.at(-1)).toBe('SUCCESS');
    const dm = await stack.standin.waitFor((s) => s.dms(CREATOR).find((m) => m.text.includes('SUCCESS')));
    expect(dm).toBeDefined();
    expect(stack.standin.payloadProblems).toEqual([]);
  });

  it('opens the create form with this provider’s fields and bounds, and keeps typed values on a refusal', async () => {
    const form = await openForm(stack);
    const caps = backend.capabilities;
    const blocks = JSON.stringify(form.view.blocks);
    // Only what the provider takes: steps are Mistral's, and a per-job W&B key only where it travels.
    expect(blocks.includes(FORM.trainingSteps.block)).toBe(caps.hyperparameters.training_steps !== undefined);
    expect(blocks.includes(FORM.wandbKey.block)).toBe(caps.wandb.perJobKey);
    expect(blocks.includes(FORM.epochs.block)).toBe(true);
    const max = caps.hyperparameters.epochs?.max ?? 1_000_000_000;
    const { ack } = await submit(stack, form, await formInput({ epochs: String(max + 1) }));
    expect(ackErrors(ack)[FORM.epochs.block]).toMatch(/at most|from|to/);
  });

  it('creates a draft from the form with Auto start off, and posts its card with the estimate and Start', async () => {
    const form = await openForm(stack);
    const input = await formInput({ suffix: 'fromform' });
    const { status, ack } = await submit(stack, form, input);
    expect(status).toBe(200);
    expectAction(ack, 'update');
    expect(visibleText((ack.view as { blocks: unknown[] }).blocks)).toMatch(/held by the bot as a draft/);
    const card = await stack.standin.waitFor((s) =>
      s
        .channelMessages(CHANNEL)
        .find((m) => payloadOf(m)?.kind === 'card' && JSON.stringify(m.blocks).includes('fromform')),
    );
    const jobId = String(payloadOf(card)?.job_id);
    expect(jobId).toMatch(/^draft-/);
    expect(JSON.stringify(card.blocks)).toContain(ACTION.jobStart);
    // The Start confirm repeats the estimate: a price where the provider gives one, else the tokens.
    const confirm = JSON.stringify(card.blocks);
    if (backend.capabilities.estimate === 'price') expect(confirm).toMatch(/Training will cost about/);
    else expect(confirm).toMatch(/Training will process about [\d,.]+ tokens/);
    expect(await stack.app.deps.creators.createdInfo(jobId)).toMatchObject({ userId: 'U0000USER' });
    expect(stack.standin.payloadProblems).toEqual([]);
  });

  it('with Auto start on, shows the provider’s estimate first, then creates the job at the provider', async () => {
    const form = await openForm(stack);
    const input = await formInput({ suffix: 'autostart', autoStart: true });
    const before = (await backend.listJobs({ pageSize: 100 })).jobs.length;
    const { ack } = await submit(stack, form, input);
    expectAction(ack, 'push');
    const estimate = stack.standin.lastView();
    expect(estimate?.view.callback_id).toBe(VIEW.createEstimate);
    const shown = visibleText(estimate?.view.blocks ?? []);
    if (backend.capabilities.estimate === 'price') expect(shown).toMatch(/Cost\*?\n[\d.]+ USD/);
    else expect(shown).toMatch(/tokens/i);
    expect((await backend.listJobs({ pageSize: 100 })).jobs).toHaveLength(before);
    const done = await stack.driver.viewSubmission({
      view: estimate as NonNullable<typeof estimate>,
      values: {},
    });
    expectAction(done.body as Record<string, unknown>, 'update');
    const jobs = (await backend.listJobs({ pageSize: 100 })).jobs;
    expect(jobs).toHaveLength(before + 1);
    const created = jobs.find((j) => !j.id.startsWith('draft-') && j.created_at >= jobs[0]!.created_at - 60);
    expect(created?.auto_start).toBe(true);
    await stack.standin.waitFor((s) =>
      s
        .channelMessages(CHANNEL)
        .find((m) => payloadOf(m)?.kind === 'card' && JSON.stringify(m.blocks).includes('autostart')),
    );
  });

  /** What a person fills in on this provider's form: only the fields it shows. */
  async function formInput(extra: FormInput = {}): Promise<FormInput> {
    const files = await backend.listFiles();
    const caps = backend.capabilities;
    return {
      model: (await backend.listModels()).find((m) => m.fine_tunable)?.id,
      trainingFiles: [files.find((f) => f.filename === 'support-chat-train.jsonl')?.id ?? ''],
      epochs: '1',
      wandbProject: 'support-bot',
      ...(caps.wandb.perJobKey ? { wandbKey: 'k'.repeat(40) } : {}),
      channel: CHANNEL,
      ...extra,
    };
  }

  it('cancels a started job at the provider from its card, and says who did it', async () => {
    const d = await draft('cancelled');
    expect(await ask(`watch ${d.id}`)).toMatch(/Watching job/);
    const card = await stack.standin.waitFor(() => cardOf(d.id));
    await stack.driver.blockAction({
      actionId: ACTION.jobStart,
      value: d.id,
      channel: CHANNEL,
      messageTs: card.ts,
    });
    await eventually(async () => (await backend.getJob(d.id)).provider_job_id !== undefined);
    await stack.driver.blockAction({
      actionId: ACTION.jobCancel,
      value: d.id,
      channel: CHANNEL,
      messageTs: card.ts,
    });
    await stack.standin.waitFor((s) =>
      s.threadReplies(CHANNEL, card.ts).find((m) => m.text.includes('Cancelled by')),
    );
    await eventually(
      async () => ['CANCELLATION_REQUESTED', 'CANCELLED'].includes((await backend.getJob(d.id)).status),
      15_000,
    );
  });

  it('cancels a draft before it starts, and refuses to start it afterwards', async () => {
    const d = await draft('dropped');
    expect(await ask(`cancel ${d.id}`)).toMatch(/cancel/i);
    await eventually(async () => (await backend.getJob(d.id)).status === 'CANCELLED');
    expect(await ask(`start ${d.id}`)).toMatch(/cannot be started/);
  });
});
