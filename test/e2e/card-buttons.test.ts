import type { AnyBlock } from '@slack/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../devtools/local-stack.js';
import { renderMessageText } from '../../devtools/render-text.js';
import type { Job } from '../../src/domain/job.js';
import { PHASE_MS } from '../../src/sandbox/lifecycle.js';
import { ACTION } from '../../src/views/ids.js';
import { checkMessage } from '../helpers/block-kit.js';

/**
 * The buttons of a list row and of a job card, clicked end to end: signed block_actions over HTTP,
 * the real app, the sandbox behind the real SDK, answers through the stand-in's response_url.
 */
let stack: LocalStack;
let job: Job;
/** The sandbox's clock runs ahead by this much, so a test can move a job along without sleeping. */
let offsetMs = 0;
const CHANNEL = 'C0000CARD';
const USER = 'U0000CLKR';

type Body = Record<string, unknown>;
const textOf = (m: { text?: string; blocks?: unknown[] }) =>
  renderMessageText(m as Parameters<typeof renderMessageText>[0]);

function actionIds(blocks: readonly AnyBlock[] | unknown[] | undefined): string[] {
  const out: string[] = [];
  for (const b of (blocks ?? []) as {
    elements?: { action_id?: string }[];
    accessory?: { action_id?: string };
  }[]) {
    for (const e of b.elements ?? []) if (e.action_id) out.push(e.action_id);
    if (b.accessory?.action_id) out.push(b.accessory.action_id);
  }
  return out;
}

/** Clicks a button on a message (ephemeral or in channel) and returns what the app posted back. */
async function click(actionId: string, messageTs: string): Promise<Body> {
  const res = await stack.driver.blockAction({ actionId, messageTs, channel: CHANNEL, user: USER });
  expect(res.status).toBe(200);
  return stack.driver.waitForResponse(res.responseUrl!);
}

const ephemeralWith = (text: string) =>
  stack.standin.waitFor((s) =>
    [...s.ephemerals].reverse().find((e) => e.channel === CHANNEL && JSON.stringify(e.blocks).includes(text)),
  );

beforeAll(async () => {
  stack = await startLocalStack({ sandboxOptions: { now: () => Date.now() + offsetMs } });
  stack.standin.validatePayload = (kind, payload) =>
    kind === 'message' ? checkMessage({ text: 'fallback', blocks: payload as never }) : [];
  const file = (await stack.app.deps.backend.listFiles()).find(
    (f) => f.filename === 'support-chat-train.jsonl',
  )!;
  job = await stack.app.deps.backend.createJob({
    model: 'open-mistral-7b',
    training_files: [{ file_id: file.id }],
    hyperparameters: { training_steps: 20, learning_rate: 0.0001 },
    suffix: 'card-buttons',
    auto_start: true,
  });
});

afterAll(async () => {
  await stack?.close();
});

describe('Details, Refresh and Share', () => {
  let cardTs: string;

  it("Details on a list row shows that job's card to the clicking user", async () => {
    const listed = await stack.driver.command('list suffix:card-buttons', { channel: CHANNEL, user: USER });
    await stack.driver.waitForResponse(listed.responseUrl);
    const list = await ephemeralWith(ACTION.jobDetails);
    const body = await click(ACTION.jobDetails, list.ts);
    expect(body.response_type).toBe('ephemeral');
    expect(body.replace_original).toBe(false);
    expect(body.text).toBe(`Fine-tuning job ${job.id.slice(0, 8)} (open-mistral-7b): QUEUED`);
    const text = textOf(body as never);
    expect(text).toContain(job.id);
    expect(text).toContain('card-buttons');
    expect(actionIds(body.blocks as unknown[])).toEqual(
      expect.arrayContaining([ACTION.jobRefresh, ACTION.jobShare, ACTION.jobCancel]),
    );
    expect(checkMessage(body as never)).toEqual([]);
    // The list stays; the card is a new ephemeral below it.
    expect(stack.standin.ephemerals.find((e) => e.ts === list.ts)?.blocks).toEqual(list.blocks);
    cardTs = (await ephemeralWith(ACTION.jobRefresh)).ts;
    expect(cardTs).not.toBe(list.ts);
  });

  it('Refresh replaces the card in place with the job as it is now', async () => {
    // Far enough for the sandbox job to be training.
    offsetMs += PHASE_MS.queued + PHASE_MS.validating + PHASE_MS.validatedAutoStart + PHASE_MS.started;
    offsetMs += 5 * PHASE_MS.step;
    const now = await stack.app.deps.backend.getJob(job.id);
    expect(now.status).toBe('RUNNING');

    const body = await click(ACTION.jobRefresh, cardTs);
    expect(body.replace_original).toBe(true);
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toMatch(
      new RegExp(`^Fine-tuning job ${job.id.slice(0, 8)} \\(open-mistral-7b\\): RUNNING`),
    );
    expect(textOf(body as never)).toMatch(new RegExp(`Updated .* by <?@${USER}`));
    // The same ephemeral now shows the new state; no second card appeared.
    const card = stack.standin.ephemerals.find((e) => e.ts === cardTs)!;
    expect(card.text).toBe(body.text);
    expect(
      stack.standin.ephemerals.filter((e) => actionIds(e.blocks).includes(ACTION.jobRefresh)),
    ).toHaveLength(1);
    expect(actionIds(card.blocks)).toContain(ACTION.jobShare);
  });

  it('Share posts the card in the channel for everyone, without a Share button, naming who shared it', async () => {
    const before = stack.standin.channelMessages(CHANNEL).length;
    const body = await click(ACTION.jobShare, cardTs);
    expect(body.response_type).toBe('in_channel');
    expect(body.replace_original).toBe(false);
    const posted = stack.standin.channelMessages(CHANNEL);
    expect(posted).toHaveLength(before + 1);
    const shared = posted.at(-1)!;
    expect(textOf(shared)).toContain(job.id);
    expect(textOf(shared)).toMatch(new RegExp(`Shared .* by <?@${USER}`));
    const ids = actionIds(shared.blocks);
    expect(ids).toContain(ACTION.jobRefresh);
    expect(ids).not.toContain(ACTION.jobShare);
    expect(checkMessage(body as never)).toEqual([]);
  });

  it('Refresh on the shared card updates it in the channel and keeps it shared', async () => {
    const shared = stack.standin.channelMessages(CHANNEL).at(-1)!;
    offsetMs += 5 * PHASE_MS.step;
    const body = await click(ACTION.jobRefresh, shared.ts);
    expect(body.replace_original).toBe(true);
    expect(body.response_type).toBe('in_channel');
    const after = stack.standin.message(CHANNEL, shared.ts)!;
    expect(after.text).toBe(body.text);
    expect(actionIds(after.blocks)).not.toContain(ACTION.jobShare);
    expect(stack.standin.channelMessages(CHANNEL)).toHaveLength(1);
  });
});

describe('every payload the app sent', () => {
  it('passed the Block Kit schema and the limits the schema leaves out', () => {
    expect(stack.standin.payloadProblems).toEqual([]);
  });
});
