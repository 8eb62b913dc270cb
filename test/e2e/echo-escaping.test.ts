import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../devtools/local-stack.js';

/**
 * Whatever a user types comes back inert: no answer may hold a live mention, channel link or URL
 * that came from the input (issue #7 §4.1). Every sub-command and list filter is driven, end to end,
 * with each hostile token in each argument slot; every mrkdwn string, the message's `text` and every
 * button value of every answer is checked.
 */
let stack: LocalStack;
let jobPrefix: string;

const HOSTILE = ['<!here>', '<!channel>', '<@U123>', '<#C123>', '<http://evil.example|click>', 'a&b'];
/** What a live token from the input starts with, once Slack parses the mrkdwn. */
const LIVE = ['<!here', '<!channel', '<@U123', '<#C123', '<http://evil'];

type Obj = Record<string, unknown>;

/** Every mrkdwn string (message text included) and every button value of an answer. */
function surfaces(body: Obj): { mrkdwn: string[]; values: string[] } {
  const mrkdwn: string[] = typeof body.text === 'string' ? [body.text] : [];
  const values: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    const o = node as Obj;
    if (o.type === 'mrkdwn' && typeof o.text === 'string') mrkdwn.push(o.text);
    if (typeof o.value === 'string') values.push(o.value);
    for (const v of Object.values(o)) walk(v);
  };
  walk(body.blocks);
  walk(body.attachments);
  return { mrkdwn, values };
}

function liveProblems(input: string, body: Obj): string[] {
  const { mrkdwn, values } = surfaces(body);
  const problems: string[] = [];
  for (const s of mrkdwn) {
    for (const live of LIVE) if (s.includes(live)) problems.push(`mrkdwn holds ${live}: ${s}`);
    if (/&(?!amp;|lt;|gt;)/.test(s)) problems.push(`mrkdwn holds a bare &: ${s}`);
  }
  for (const v of values) {
    for (const live of LIVE) if (v.includes(live)) problems.push(`button value holds ${live}: ${v}`);
  }
  return problems.map((p) => `/finetune ${input} → ${p}`);
}

function commandsFor(t: string): string[] {
  const out = [
    t,
    `${t} extra`,
    `status ${t}`,
    `start ${t}`,
    `cancel ${t}`,
    `watch ${t}`,
    `unwatch ${t}`,
    `list ${t}`,
    `list ${t}:x`,
    `list model:${t}`,
    `list suffix:${t}`,
    `list wandb:${t}`,
    `list status:${t}`,
    `list page:${t}`,
    `list wandb:${t} page:2`,
    `list mine suffix:${t} page:3`,
  ];
  // A channel picked from the autocomplete is named back as that channel: that is the app's own link.
  if (t !== '<#C123>') {
    out.push(
      `watch abcdef ${t}`,
      `unwatch abcdef ${t}`,
      `watch ${jobPrefix} ${t}`,
      `unwatch ${jobPrefix} ${t}`,
    );
  }
  return out;
}

beforeAll(async () => {
  stack = await startLocalStack();
  const jobs = await stack.app.deps.backend.listJobs({ pageSize: 1 });
  jobPrefix = jobs.jobs[0]!.id.slice(0, 8);
  // A job per hostile W&B project, so `list wandb:<token>` has rows and its title reaches `text`.
  const file = (await stack.app.deps.backend.listFiles()).find(
    (f) => f.filename === 'support-chat-train.jsonl',
  )!;
  for (const [i, project] of HOSTILE.entries()) {
    await stack.app.deps.backend.createJob({
      model: 'open-mistral-7b',
      training_files: [{ file_id: file.id }],
      hyperparameters: { training_steps: 10 + i, learning_rate: 0.0001 },
      suffix: `echo-${i}`,
      integrations: [{ type: 'wandb', project, api_key: 'k'.repeat(40) }],
      auto_start: false,
    });
  }
});

afterAll(async () => {
  await stack?.close();
});

describe('user text in answers', () => {
  it('never comes back as a live mention, channel link or URL, in any sub-command or list filter', async () => {
    const problems: string[] = [];
    let answers = 0;
    for (const t of HOSTILE) {
      for (const input of commandsFor(t)) {
        const res = await stack.driver.command(input);
        expect(res.status).toBe(200);
        const body = await stack.driver.waitForResponse(res.responseUrl);
        answers++;
        problems.push(...liveProblems(input, body));
      }
    }
    expect(answers).toBeGreaterThan(100);
    expect(problems).toEqual([]);
  });

  it('still shows what was typed, escaped, so the user sees their own text', async () => {
    const res = await stack.driver.command('unwatch <!channel>');
    const body = await stack.driver.waitForResponse(res.responseUrl);
    expect(String(body.text)).toContain('&lt;!channel&gt;');
  });
});
