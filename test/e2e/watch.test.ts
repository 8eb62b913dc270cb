import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../devtools/local-stack.js';
import { renderMessageText } from '../../devtools/render-text.js';
import type { StoredMessage } from '../../devtools/slack-standin.js';
import type { Job } from '../../src/domain/job.js';
import { createFastJob, eventually, payloadOf, threadStatuses } from '../helpers/watch-fixtures.js';

/** Watching a job end to end: signed commands in, the real poller, the sandbox and the stand-in. */
let stack: LocalStack;
const CHANNEL = 'C0WATCHE2E';
const CREATOR = 'U0CREATOR';

type Body = Record<string, unknown>;
const textOf = (body: Body) => renderMessageText(body as Parameters<typeof renderMessageText>[0]);

async function ask(text: string, channel = CHANNEL, user = 'U0WATCHER'): Promise<string> {
  const res = await stack.driver.command(text, { user, channel });
  return textOf(await stack.driver.waitForResponse(res.responseUrl));
}

const cardOf = (channel: string, jobId: string): StoredMessage | undefined =>
  stack.standin
    .channelMessages(channel)
    .find((m) => payloadOf(m)?.kind === 'card' && payloadOf(m)?.job_id === jobId);

beforeAll(async () => {
  stack = await startLocalStack({
    env: { POLL_INTERVAL_SECONDS: '1', WANDB_ENTITY: 'acme' },
    // Speed 10: QUEUED lasts 500 ms, so on a busy machine the watch still begins before VALIDATING.
    sandboxOptions: { speed: 10 },
  });
});

afterAll(async () => {
  await stack?.close();
});

describe('/finetune watch, from first status to the end', () => {
  let job: Job;

  it('posts the card for everyone once, and says so when asked twice', async () => {
    job = await createFastJob(stack.app.deps.backend);
    await stack.app.deps.creators.recordCreated({
      jobId: job.id,
      userId: CREATOR,
      channel: CHANNEL,
      createdAt: job.created_at,
    });
    expect(await ask(`watch ${job.id}`)).toMatch(/Watching job/);
    expect(await ask(`watch ${job.id.slice(0, 8)}`)).toMatch(/already watched/);
    const cards = stack.standin.channelMessages(CHANNEL).filter((m) => payloadOf(m)?.kind === 'card');
    expect(cards).toHaveLength(1);
  });

  it('posts every transition once in the thread, the end with a W&B link (a success is not sent to the channel)', async () => {
    const card = cardOf(CHANNEL, job.id);
    expect(card).toBeDefined();
    const ts = card?.ts as string;
    const end = await stack.standin.waitFor(
      (s) => s.threadReplies(CHANNEL, ts).find((m) => payloadOf(m)?.kind === 'terminal'),
      30_000,
    );
    const statuses = threadStatuses(stack.standin.threadReplies(CHANNEL, ts));
    expect(new Set(statuses).size).toBe(statuses.length);
    expect(statuses).toEqual(['VALIDATING', 'VALIDATED', 'STARTED', 'RUNNING', 'SUCCESS']);
    // Broadcasting is for failures by default (see watch-settings.test.ts).
    expect(end.subtype).toBeUndefined();
    const endText = renderMessageText(end as never);
    expect(endText).toContain('ft:open-mistral-7b');
    expect(end.text).toMatch(/SUCCESS/);
    expect(JSON.stringify(end.blocks)).toMatch(/<https:\/\/wandb\.ai\/[^|>]+\|support-bot>/);
    // The card itself was edited in place to the final state.
    await stack.standin.waitFor((s) => s.message(CHANNEL, ts)?.text.includes('SUCCESS'));
  });

  it('DMs the creator and shows the watch as finished', async () => {
    const dm = await stack.standin.waitFor((s) => s.dms(CREATOR)[0]);
    expect(dm.text).toMatch(/SUCCESS/);
    await eventually(async () =>
      (await stack.app.deps.watches.watching(CHANNEL)).find(
        (w) => w.jobId === job.id && w.state === 'finished',
      ),
    );
    const list = await ask('watching');
    expect(list).toContain('finished');
    expect(list).toContain(job.id);
    // Further ticks add nothing.
    const before = stack.standin.callsTo('chat.postMessage').length;
    await new Promise((r) => setTimeout(r, 2500));
    expect(stack.standin.callsTo('chat.postMessage').length).toBe(before);
    expect(stack.standin.dms(CREATOR)).toHaveLength(1);
  });

  it('unwatch stops a live watch and answers plainly when nothing is watched', async () => {
    const other = await createFastJob(stack.app.deps.backend, { steps: 100_000 });
    expect(await ask(`watch ${other.id}`)).toMatch(/Watching job/);
    expect(await ask(`unwatch ${other.id.slice(0, 8)}`)).toMatch(/Stopped watching/);
    expect(await ask(`unwatch ${other.id.slice(0, 8)}`)).toMatch(/is watched|No job/);
    expect(await ask('watching')).toContain('Stopped by');
  });

  it('asks for a channel picked from the autocomplete when given a bare #name', async () => {
    expect(await ask(`watch ${job.id} #general`)).toMatch(/autocomplete/);
  });

  it('watches in another channel given as <#C…|name>', async () => {
    const other = await createFastJob(stack.app.deps.backend, { steps: 100_000 });
    expect(await ask(`watch ${other.id} <#C0OTHER|other>`)).toMatch(/Watching job/);
    expect(cardOf('C0OTHER', other.id)).toBeDefined();
  });
});
