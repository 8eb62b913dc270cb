import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../devtools/local-stack.js';
import { renderMessageText } from '../../devtools/render-text.js';
import type { StoredMessage } from '../../devtools/slack-standin.js';
import { checkMessage } from '../helpers/block-kit.js';
import { createFastJob, payloadOf } from '../helpers/watch-fixtures.js';

/**
 * Early warnings through the whole app: FINETUNE_WARN_COST from the environment, `/finetune watch`
 * as a signed command, the real cron poller, the sandbox shaped over its control route, the stand-in.
 */
let stack: LocalStack;
const CHANNEL = 'C0WARNE2E';

beforeAll(async () => {
  stack = await startLocalStack({
    // The sandbox's minimum fee is 4 USD.
    env: { POLL_INTERVAL_SECONDS: '1', FINETUNE_WARN_COST: '3.50 USD' },
    // Speed 5: 600 ms a step, so the 1-second passes see the climb and the fall of validation loss.
    sandboxOptions: { speed: 5 },
  });
});

afterAll(async () => {
  await stack?.close();
});

const warnings = (ts: string): StoredMessage[] =>
  stack.standin.threadReplies(CHANNEL, ts).filter((m) => {
    const kind = payloadOf(m)?.kind;
    return kind === 'warning' || kind === 'warning_cleared';
  });

describe('early warnings of a watched job, end to end', () => {
  it('warns once about the cost and once about overfitting, clears the overfitting once, and posts nothing twice', async () => {
    const job = await createFastJob(stack.app.deps.backend, { steps: 40 });
    const shaped = await fetch(`${stack.app.sandbox?.url}/_sandbox/jobs/${job.id}/shape`, {
      method: 'POST',
      body: JSON.stringify({ overfit: { from: 0.4, until: 0.7 } }),
    });
    expect(shaped.status).toBe(200);
    const res = await stack.driver.command(`watch ${job.id}`, { user: 'U0WARN', channel: CHANNEL });
    expect(renderMessageText(await stack.driver.waitForResponse(res.responseUrl))).toMatch(/Watching job/);
    const card = await stack.standin.waitFor(() =>
      stack.standin
        .channelMessages(CHANNEL)
        .find((m) => payloadOf(m)?.kind === 'card' && payloadOf(m)?.job_id === job.id),
    );
    await stack.standin.waitFor(
      () => stack.standin.threadReplies(CHANNEL, card.ts).find((m) => payloadOf(m)?.kind === 'terminal'),
      60_000,
    );
    // The final loss chart comes last in the thread, after the summary: everything before it is out.
    await stack.standin.waitFor(
      () =>
        stack.standin
          .threadReplies(CHANNEL, card.ts)
          .some((m) => m.files?.some((f) => f.name.includes('-final-'))),
      30_000,
    );
    const seen = warnings(card.ts).map((m) => `${payloadOf(m)?.kind}:${payloadOf(m)?.status}`);
    expect(seen.filter((s) => s === 'warning:cost')).toHaveLength(1);
    expect(seen.filter((s) => s === 'warning:overfitting')).toHaveLength(1);
    expect(seen.filter((s) => s === 'warning_cleared:overfitting')).toHaveLength(1);
    expect(seen.indexOf('warning:overfitting')).toBeLessThan(seen.indexOf('warning_cleared:overfitting'));
    for (const m of warnings(card.ts)) expect(checkMessage({ text: m.text, blocks: m.blocks })).toEqual([]);
    const cost = warnings(card.ts).find((m) => payloadOf(m)?.status === 'cost') as StoredMessage;
    expect(renderMessageText(cost)).toContain('above the 3.50 USD threshold');
  }, 90_000);
});
