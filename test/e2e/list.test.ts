import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../devtools/local-stack.js';
import { renderMessageText } from '../../devtools/render-text.js';
import type { FileInfo, Job } from '../../src/domain/job.js';
import { ACTION } from '../../src/views/ids.js';
import { openForm, startCreateStack, submit, trainingFiles, validInput } from '../create/stack.js';
import { checkMessage } from '../helpers/block-kit.js';

/** `/finetune list` filters and row format end to end: signed HTTP in, real SDK to the sandbox. */
let stack: LocalStack;
let files: FileInfo[];
let seeded: Job[];
const CHANNEL = 'C0000LIST';

type Body = Record<string, unknown>;
const textOf = (body: Body) => renderMessageText(body as Parameters<typeof renderMessageText>[0]);

async function ask(text: string, user = 'U0000USER'): Promise<Body> {
  const res = await stack.driver.command(text, { user, channel: CHANNEL });
  expect(res.status).toBe(200);
  return stack.driver.waitForResponse(res.responseUrl);
}

/** The job ids behind the rows' Details buttons, top to bottom. */
function rowJobIds(body: Body): string[] {
  return (body.blocks as { accessory?: { action_id?: string; value?: string } }[])
    .filter((b) => b.accessory?.action_id === ACTION.jobDetails)
    .map((b) => b.accessory?.value ?? '');
}

/** Creates a job through the modal as `user` and waits for its card, as a person would. */
async function createAs(user: string): Promise<Job> {
  const input = validInput(files, CHANNEL);
  const { ack } = await submit(stack, await openForm(stack, { user, channel: CHANNEL }), input, user);
  expect(ack.response_action).toBe('update');
  await stack.standin.waitFor((s) =>
    s.channelMessages(CHANNEL).find((m) => JSON.stringify(m.blocks).includes(input.suffix!)),
  );
  const job = (await stack.app.deps.backend.listJobs({ suffix: input.suffix })).jobs[0];
  if (!job) throw new Error(`no job with suffix ${input.suffix}`);
  return job;
}

beforeAll(async () => {
  stack = await startCreateStack();
  files = await trainingFiles(stack);
  seeded = (await stack.app.deps.backend.listJobs({ pageSize: 100 })).jobs;
});

afterAll(async () => {
  await stack?.close();
});

describe('/finetune list filters', () => {
  it('suffix:<x> shows only the jobs with that suffix, and names the filter', async () => {
    const target = seeded.find((j) => j.suffix === 'support-bot')!;
    const body = await ask('list suffix:support-bot');
    expect(rowJobIds(body)).toEqual(seeded.filter((j) => j.suffix === 'support-bot').map((j) => j.id));
    expect(rowJobIds(body)).toContain(target.id);
    const text = textOf(body);
    expect(text).toContain('suffix:support-bot');
    expect(text).toContain('Page 1 of 1 · 1 job');
    expect(checkMessage(body as never)).toEqual([]);
  });

  it('wandb:<project> shows exactly the jobs logging to that W&B project', async () => {
    const inProject = seeded.filter((j) => j.integrations.some((i) => i.project === 'support-bot'));
    expect(inProject.length).toBeGreaterThan(1);
    const body = await ask('list wandb:support-bot');
    expect(new Set(rowJobIds(body))).toEqual(new Set(inProject.map((j) => j.id)));
    expect(textOf(body)).toContain('wandb:support-bot');
  });

  it('a suffix or project that matches nothing says so and names the filter', async () => {
    const text = textOf(await ask('list wandb:no-such-project'));
    expect(text).toContain('`wandb:no-such-project`');
    expect(text).toContain('/finetune list');
  });

  it('mine shows only the jobs this user created through the bot, newest first', async () => {
    const first = await createAs('U0000MINE');
    const second = await createAs('U0000MINE');
    const someoneElse = await createAs('U0000OTHR');
    const body = await ask('list mine', 'U0000MINE');
    const ids = rowJobIds(body);
    expect(new Set(ids)).toEqual(new Set([first.id, second.id]));
    expect(ids).not.toContain(someoneElse.id);
    for (const j of seeded) expect(ids).not.toContain(j.id);
    // Newest first: the later job is never below the earlier one.
    expect(second.created_at).toBeGreaterThanOrEqual(first.created_at);
    const times = ids.map((id) => (id === first.id ? first.created_at : second.created_at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(textOf(body)).toContain('mine');

    const other = rowJobIds(await ask('list mine', 'U0000OTHR'));
    expect(other).toEqual([someoneElse.id]);
  });

  it("mine for a user who created nothing says so instead of listing everyone's jobs", async () => {
    const body = await ask('list mine', 'U0NOTHING');
    expect(rowJobIds(body)).toEqual([]);
    expect(textOf(body)).toContain('`mine`');
  });
});

describe('list rows', () => {
  it('show the age as a Slack relative date, with the UTC time as the fallback', async () => {
    const body = await ask('list suffix:support-bot');
    const job = seeded.find((j) => j.suffix === 'support-bot')!;
    const iso = new Date(job.created_at * 1000).toISOString().replace('.000Z', 'Z');
    expect(JSON.stringify(body.blocks)).toContain(
      JSON.stringify(`created <!date^${job.created_at}^{ago}|${iso}>`).slice(1, -1),
    );
    // What a client without date tokens (and a notification) shows.
    expect(textOf(body)).toContain(`created ${iso}`);
  });

  it('are newest first on every page', async () => {
    const body = await ask('list');
    const byId = new Map(seeded.map((j) => [j.id, j.created_at]));
    const times = rowJobIds(body).map((id) => byId.get(id) ?? Number.POSITIVE_INFINITY);
    expect(times.length).toBeGreaterThan(1);
    // Jobs created by this file are newer than any seeded one (unknown ids count as newest).
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });
});

describe('every payload the app sent', () => {
  it('passed the Block Kit schema and the limits the schema leaves out', () => {
    expect(stack.standin.payloadProblems).toEqual([]);
  });
});
