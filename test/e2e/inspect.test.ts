import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_SIGNING_SECRET, type LocalStack, startLocalStack } from '../../devtools/local-stack.js';
import { renderMessageText } from '../../devtools/render-text.js';
import { signSlackRequest } from '../../devtools/slack-driver.js';
import { RETIRED_SENTENCE } from '../../src/views/backend-error.js';
import { ACTION } from '../../src/views/ids.js';
import { checkMessage } from '../helpers/block-kit.js';

/** Inspecting jobs from Slack, end to end: signed HTTP in, real SDK to the sandbox, Web API calls out. */
let stack: LocalStack;

type Body = Record<string, unknown>;
const textOf = (body: Body) => renderMessageText(body as Parameters<typeof renderMessageText>[0]);

async function ask(
  text: string,
  user = 'U0000USER',
): Promise<{ body: Body; status: number; responseUrl: string }> {
  const res = await stack.driver.command(text, { user });
  const body = await stack.driver.waitForResponse(res.responseUrl);
  return { body, status: res.status, responseUrl: res.responseUrl };
}

async function jobIds(): Promise<{ id: string; status: string; suffix: string | null; model: string }[]> {
  const page = await stack.app.deps.backend.listJobs({ pageSize: 100 });
  return page.jobs.map((j) => ({ id: j.id, status: j.status, suffix: j.suffix, model: j.model }));
}

beforeAll(async () => {
  stack = await startLocalStack();
  stack.standin.validatePayload = (kind, payload) =>
    kind === 'message' ? checkMessage({ text: 'fallback', blocks: payload as never }) : [];
});

afterAll(async () => {
  await stack?.close();
});

describe('/finetune help', () => {
  it('acks at once and answers with every sub-command, marked as sandbox', async () => {
    const { body, status } = await ask('');
    expect(status).toBe(200);
    expect(body.response_type).toBe('ephemeral');
    const text = textOf(body);
    for (const sub of ['list', 'status', 'create', 'start', 'cancel', 'watch', 'unwatch', 'watching']) {
      expect(text).toContain(`/finetune ${sub}`);
    }
    expect(text).toMatch(/Sandbox/);
    expect(checkMessage(body as never)).toEqual([]);
  });

  it('answers an unknown sub-command with help and a "did you mean"', async () => {
    const { body } = await ask('stauts abc');
    const text = textOf(body);
    expect(text).toContain('stauts');
    expect(text).toContain('/finetune status');
  });
});

describe('/finetune list', () => {
  it('lists the jobs newest first with a Details button each', async () => {
    const { body } = await ask('list');
    const text = textOf(body);
    const jobs = await jobIds();
    for (const j of jobs.slice(0, 10)) expect(text).toContain(j.id.slice(0, 8));
    expect(JSON.stringify(body.blocks)).toContain(ACTION.jobDetails);
    expect(checkMessage(body as never)).toEqual([]);
  });

  it('filters by status and by model, ignoring case and smart quotes', async () => {
    const jobs = await jobIds();
    const running = jobs.filter((j) => j.status === 'RUNNING');
    expect(running.length).toBeGreaterThan(0);
    const { body } = await ask('LIST  status:running');
    const text = textOf(body);
    for (const j of jobs) {
      if (j.status === 'RUNNING') expect(text).toContain(j.id.slice(0, 8));
      else expect(text).not.toContain(j.id.slice(0, 8));
    }
    const codestral = jobs.filter((j) => j.model === 'codestral-latest');
    const byModel = textOf((await ask('list model:\u201Ccodestral-latest\u201D')).body);
    for (const j of codestral) expect(byModel).toContain(j.id.slice(0, 8));
    expect(byModel).not.toContain(jobs.find((j) => j.model !== 'codestral-latest')!.id.slice(0, 8));
  });

  it('explains a filter it does not understand, without listing', async () => {
    const { body } = await ask('list status:finished');
    expect(textOf(body)).toMatch(/`finished` is not a job status/);
  });

  it('pages with Next and keeps the filters', async () => {
    stack.app.sandbox!.addSyntheticJobs({ count: 25, active: 0, model: 'open-mistral-7b' });
    const first = await ask('list model:open-mistral-7b');
    const firstText = textOf(first.body);
    expect(firstText).toMatch(/Page 1 of/);
    const ephemeral = stack.standin.ephemerals.at(-1)!;
    const click = await stack.driver.blockAction({ actionId: ACTION.listNext, messageTs: ephemeral.ts });
    expect(click.status).toBe(200);
    const second = await stack.driver.waitForResponse(click.responseUrl!);
    expect(second.replace_original).toBe(true);
    const secondText = textOf(second);
    expect(secondText).toMatch(/Page 2 of/);
    expect(secondText).toContain('open-mistral-7b');
    expect(secondText).not.toMatch(/codestral-latest/);
  });
});

describe('/finetune status', () => {
  it('shows the card for a full id', async () => {
    const job = (await jobIds()).find((j) => j.suffix === 'support-small')!;
    const { body } = await ask(`status ${job.id}`);
    const text = textOf(body);
    expect(text).toContain(job.id);
    expect(text).toContain('mistral-small-latest');
    expect(text).toContain('support-small');
    expect(checkMessage(body as never)).toEqual([]);
  });

  it('finds a job by a unique prefix', async () => {
    const job = (await jobIds()).find((j) => j.suffix === 'code-review')!;
    const { body } = await ask(`status ${job.id.slice(0, 8).toUpperCase()}`);
    expect(textOf(body)).toContain(job.id);
  });

  it('lists the candidates of an ambiguous prefix', async () => {
    const ids = stack.app.sandbox!.addSyntheticJobs({ count: 2, active: 0, idPrefix: 'abcdef' });
    const { body } = await ask('status abcdef');
    const text = textOf(body);
    expect(text).toMatch(/matches 2 jobs/);
    for (const id of ids) expect(text).toContain(id.slice(0, 8));
  });

  it('says so when no job matches, or the id is malformed or too short', async () => {
    expect(textOf((await ask('status 0000000000')).body)).toMatch(/No job .* `0000000000`/);
    expect(textOf((await ask('status 12ab')).body)).toMatch(/too short/);
    expect(textOf((await ask('status hello!')).body)).toMatch(/not a job id/);
    expect(textOf((await ask('status 00000000-0000-4000-8000-000000000000')).body)).toMatch(
      /There is no job/,
    );
    expect(textOf((await ask('status')).body)).toMatch(/Which job\?/);
  });

  it('turns a 410 from the backend into the retirement sentence and keeps running', async () => {
    const sandbox = stack.app.sandbox!;
    sandbox.faults.gone = true;
    try {
      const { body } = await ask('list');
      expect(textOf(body)).toContain(RETIRED_SENTENCE.slice(0, 60));
    } finally {
      sandbox.faults.gone = false;
    }
    const again = await ask('list');
    expect(textOf(again.body)).toMatch(/Page 1 of|jobs/);
  });
});

describe('request signing', () => {
  const form = new URLSearchParams({
    command: '/finetune',
    text: 'help',
    user_id: 'U1',
    channel_id: 'C1',
  }).toString();

  async function post(headers: Record<string, string>) {
    return fetch(stack.app.eventsUrl!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: form,
    });
  }

  it('rejects a bad signature with 401', async () => {
    const ts = String(Math.floor(Date.now() / 1000));
    const res = await post({ 'x-slack-request-timestamp': ts, 'x-slack-signature': 'v0=deadbeef' });
    expect(res.status).toBe(401);
  });

  it('rejects a stale timestamp with 401 even when correctly signed', async () => {
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    const headers = signSlackRequest(LOCAL_SIGNING_SECRET, form, stale);
    const res = await post({ ...headers });
    expect(res.status).toBe(401);
  });

  it('answers GET /healthz with 200', async () => {
    const res = await fetch(stack.app.eventsUrl!.replace('/slack/events', '/healthz'));
    expect(res.status).toBe(200);
  });
});

describe('every payload the app sent', () => {
  it('passed the Block Kit schema and the limits the schema leaves out', () => {
    expect(stack.standin.responses.length + stack.standin.calls.length).toBeGreaterThan(10);
    expect(stack.standin.payloadProblems).toEqual([]);
  });
});
