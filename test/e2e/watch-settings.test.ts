import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../devtools/local-stack.js';
import { renderMessageText } from '../../devtools/render-text.js';
import type { StoredMessage } from '../../devtools/slack-standin.js';
import type { Job } from '../../src/domain/job.js';
import { DEFAULT_WATCH_SETTINGS } from '../../src/domain/watch-settings.js';
import { NOT_OPERATOR_SENTENCE } from '../../src/slack/operators.js';
import type { StoredWatch } from '../../src/store/watch-store.js';
import { ACTION, VIEW, WATCH_FORM } from '../../src/views/ids.js';
import { checkMessage, checkModal } from '../helpers/block-kit.js';
import { createFastJob, eventually, payloadOf, threadStatuses } from '../helpers/watch-fixtures.js';

/**
 * Watch settings end to end: signed commands in, the real poller, the sandbox and the stand-in.
 * What each filter posts and does not post, the broadcast and mention rules, a filter changed
 * mid-watch, and mutes (ended by `unmute`, and by the clock on a quiet job).
 */
let stack: LocalStack;
// The app's and the sandbox's clock: moved forward to end a mute without waiting for it.
let skewMs = 0;
const CREATOR = 'U0CREATOR';
const OTHER = 'U0OTHER';

type Body = Record<string, unknown>;
const textOf = (body: Body) => renderMessageText(body as Parameters<typeof renderMessageText>[0]);

async function ask(text: string, channel: string, user = 'U0WATCHER'): Promise<string> {
  const res = await stack.driver.command(text, { user, channel });
  const body = await stack.driver.waitForResponse(res.responseUrl);
  return textOf(body);
}

const cardOf = (channel: string, jobId: string): StoredMessage =>
  stack.standin
    .channelMessages(channel)
    .find((m) => payloadOf(m)?.kind === 'card' && payloadOf(m)?.job_id === jobId) as StoredMessage;
const replies = (channel: string, jobId: string) =>
  stack.standin.threadReplies(channel, cardOf(channel, jobId).ts);
const summaries = (channel: string, jobId: string) =>
  replies(channel, jobId).filter((m) => payloadOf(m)?.status === 'MUTE_ENDED');

async function storedWatch(channel: string, jobId: string): Promise<StoredWatch> {
  const all = await stack.app.deps.watches.watching(channel);
  return all.find((w) => w.jobId === jobId) as StoredWatch;
}
const finished = (channel: string, jobId: string) =>
  eventually(async () => (await storedWatch(channel, jobId))?.state === 'finished', 40_000);
const handled = (channel: string, jobId: string, status: string) =>
  eventually(
    async () => (await storedWatch(channel, jobId))?.posted?.some((k) => k.startsWith(`${status}@`)),
    30_000,
  );

async function created(opts: Parameters<typeof createFastJob>[1] = {}): Promise<Job> {
  const job = await createFastJob(stack.app.deps.backend, opts);
  await stack.app.deps.creators.recordCreated({
    jobId: job.id,
    userId: CREATOR,
    channel: 'C0ANY',
    createdAt: job.created_at,
  });
  return job;
}

beforeAll(async () => {
  stack = await startLocalStack({
    env: { POLL_INTERVAL_SECONDS: '1' },
    sandboxOptions: { speed: 10 },
    now: () => Date.now() + skewMs,
  });
});

afterAll(async () => {
  await stack?.close();
});

describe('what each filter posts', () => {
  it('only:failures posts nothing for a job that succeeds, and its card still ends at SUCCESS', async () => {
    const channel = 'C0ONLYFAIL';
    const job = await created();
    const answer = await ask(`watch ${job.id} only:failures`, channel);
    expect(answer).toMatch(/Watching job/);
    expect(answer).toContain('thread: only failures');
    await finished(channel, job.id);
    await stack.standin.waitFor((s) =>
      s.message(channel, cardOf(channel, job.id).ts)?.text.includes('SUCCESS'),
    );
    // No status reply, no summary, no chart: the thread is empty.
    expect(replies(channel, job.id)).toEqual([]);
  });

  it('only:terminal broadcast:always posts the end alone, also sent to the channel', async () => {
    const channel = 'C0ONLYEND';
    const job = await created();
    expect(await ask(`watch ${job.id} only:terminal broadcast:always`, channel)).toMatch(/Watching job/);
    await finished(channel, job.id);
    const thread = replies(channel, job.id);
    expect(threadStatuses(thread)).toEqual(['SUCCESS']);
    const end = thread.find((m) => payloadOf(m)?.kind === 'terminal') as StoredMessage;
    expect(end.subtype).toBe('thread_broadcast');
    // The final chart goes with the end that was posted.
    await stack.standin.waitFor((s) =>
      s.threadReplies(channel, cardOf(channel, job.id).ts).some((m) => m.files?.length),
    );
  });

  it('by default, a success stays in the thread and a failure is sent to the channel, mentioning the creator', async () => {
    const channel = 'C0DEFAULTS';
    const good = await created();
    const bad = await created({ file: 'broken-train.jsonl' });
    await ask(`watch ${good.id}`, channel);
    const answer = await ask(`watch ${bad.id}`, channel);
    expect(answer).toContain('end also sent to the channel: on a failure only (the default)');
    await finished(channel, good.id);
    await finished(channel, bad.id);
    const success = replies(channel, good.id).find((m) => payloadOf(m)?.kind === 'terminal') as StoredMessage;
    expect(success.subtype).toBeUndefined();
    expect(JSON.stringify(success.blocks)).not.toContain(`<@${CREATOR}>`);
    const failure = replies(channel, bad.id).find((m) => payloadOf(m)?.kind === 'terminal') as StoredMessage;
    expect(payloadOf(failure)?.status).toBe('FAILED_VALIDATION');
    expect(failure.subtype).toBe('thread_broadcast');
    expect(JSON.stringify(failure.blocks)).toContain(`<@${CREATOR}> `);
    for (const m of [success, failure]) expect(checkMessage(m as never)).toEqual([]);
  });

  it("only:failures: the creator's own cancel stays quiet, someone else's is posted and mentions the group", async () => {
    const channel = 'C0CANCELS';
    const own = await created({ autoStart: false });
    const theirs = await created({ autoStart: false });
    const options = 'only:failures mention:<!subteam^S0MLTEAM|@ml-team>';
    await ask(`watch ${own.id} ${options}`, channel);
    expect(await ask(`watch ${theirs.id} ${options}`, channel)).toContain('S0MLTEAM');
    await handled(channel, own.id, 'VALIDATED');
    await handled(channel, theirs.id, 'VALIDATED');
    expect(await ask(`cancel ${own.id}`, channel, CREATOR)).toMatch(/ancel/);
    expect(await ask(`cancel ${theirs.id}`, channel, OTHER)).toMatch(/ancel/);
    await finished(channel, own.id);
    await finished(channel, theirs.id);
    expect(threadStatuses(replies(channel, own.id))).toEqual([]);
    const end = replies(channel, theirs.id).filter((m) => payloadOf(m)?.kind === 'terminal');
    expect(end.map((m) => payloadOf(m)?.status)).toEqual(['CANCELLED']);
    expect(end[0]?.subtype).toBe('thread_broadcast');
    expect(JSON.stringify(end[0]?.blocks)).toContain('<!subteam^S0MLTEAM>');
  });

  it('a filter changed mid-watch never posts what was already handled', async () => {
    const channel = 'C0CHANGE';
    const job = await created({ autoStart: false });
    await ask(`watch ${job.id} only:terminal`, channel);
    await handled(channel, job.id, 'VALIDATED');
    expect(replies(channel, job.id)).toEqual([]);
    const answer = await ask(`watch ${job.id} only:all`, channel);
    expect(answer).toMatch(/Updated the watch/);
    expect(answer).toContain('thread: every status change');
    await ask(`start ${job.id}`, channel);
    await finished(channel, job.id);
    // VALIDATING and VALIDATED were handled (filtered out) before the change: never posted.
    expect(threadStatuses(replies(channel, job.id))).toEqual(['STARTED', 'RUNNING', 'SUCCESS']);
  });

  it('a bad option is refused by name, and nothing is watched', async () => {
    const channel = 'C0BADOPT';
    const job = await created({ autoStart: false });
    expect(await ask(`watch ${job.id} only:sometimes`, channel)).toContain(
      '`only:sometimes` is not a choice: use `only:all`, `only:terminal` or `only:failures`.',
    );
    expect(await ask(`mute ${job.id} soon`, channel)).toMatch(/Usage|duration/);
    expect(stack.standin.channelMessages(channel)).toEqual([]);
  });
});

describe('mute', () => {
  it('posts nothing while muted, keeps the card current, and sums it up in one reply at unmute', async () => {
    const channel = 'C0MUTE';
    const job = await created({ autoStart: false });
    await ask(`watch ${job.id}`, channel);
    await handled(channel, job.id, 'VALIDATED');
    const before = replies(channel, job.id).length;
    expect(await ask(`mute ${job.id} 2h`, channel)).toMatch(/Muted job .* until/);
    expect(await ask('watching', channel)).toContain('muted until');
    await ask(`start ${job.id}`, channel);
    await finished(channel, job.id);
    const cardTs = cardOf(channel, job.id).ts;
    await stack.standin.waitFor((s) => s.message(channel, cardTs)?.text.includes('SUCCESS'));
    // Not a status, not the "started by" notice, not a chart.
    expect(replies(channel, job.id)).toHaveLength(before);
    expect(await ask(`unmute ${job.id.slice(0, 8)}`, channel)).toMatch(/Unmuted job/);
    const summary = await stack.standin.waitFor(() => summaries(channel, job.id)[0]);
    const text = renderMessageText(summary as never);
    expect(text).toMatch(/STARTED.*RUNNING.*SUCCESS/);
    expect(checkMessage(summary as never)).toEqual([]);
    expect(await ask(`unmute ${job.id}`, channel)).toMatch(/No job starting with .* is muted/);
    expect(summaries(channel, job.id)).toHaveLength(1);
  });

  it('ends on time with its summary on a quiet job, sent to the channel when it held a failure', async () => {
    const channel = 'C0MUTEQUIET';
    const job = await created({ autoStart: false });
    await ask(`watch ${job.id}`, channel);
    await handled(channel, job.id, 'VALIDATED');
    await ask(`mute ${job.id} 1m`, channel);
    const before = replies(channel, job.id).length;
    await ask(`cancel ${job.id}`, channel, OTHER);
    await finished(channel, job.id);
    expect(replies(channel, job.id)).toHaveLength(before);
    // The watch has ended and no pass reads it again: only the muted index can end this mute.
    skewMs += 61_000;
    const summary = await stack.standin.waitFor(() => summaries(channel, job.id)[0], 15_000);
    expect(summary.subtype).toBe('thread_broadcast');
    expect(renderMessageText(summary as never)).toMatch(/CANCELLED/);
    expect(JSON.stringify(summary.blocks)).toContain(`<@${CREATOR}>`);
    await new Promise((r) => setTimeout(r, 2_500));
    expect(summaries(channel, job.id)).toHaveLength(1);
  });

  it('a job deleted while muted gets no reply; its watch ends, and the mute ends on time naming it', async () => {
    const channel = 'C0MUTEGONE';
    const job = await created({ autoStart: false });
    await ask(`watch ${job.id}`, channel);
    await handled(channel, job.id, 'VALIDATED');
    await ask(`mute ${job.id} 5m`, channel);
    const before = replies(channel, job.id).length;
    stack.app.sandbox!.removeJob(job.id);
    await finished(channel, job.id);
    expect((await storedWatch(channel, job.id)).reason).toMatch(/no longer exists/);
    expect(replies(channel, job.id)).toHaveLength(before);
    skewMs += 5 * 60_000 + 1_000;
    const summary = await stack.standin.waitFor(() => summaries(channel, job.id)[0], 15_000);
    expect(renderMessageText(summary as never)).toMatch(/while it was muted: .*no longer exists on/);
    // Not a failure: in the thread only, mentioning nobody, as the job-gone reply itself is.
    expect(summary.subtype).toBeUndefined();
    expect(JSON.stringify(summary.blocks)).not.toContain(`<@${CREATOR}>`);
    await new Promise((r) => setTimeout(r, 2_500));
    // The summary and nothing else: no job-gone reply before it or after it.
    expect(replies(channel, job.id)).toHaveLength(before + 1);
  });
});

describe('the Settings button on a watched card', () => {
  it('opens a modal on the current settings; saving changes the watch and says so', async () => {
    const channel = 'C0BUTTON';
    const job = await created({ autoStart: false });
    await ask(`watch ${job.id} only:terminal`, channel);
    await handled(channel, job.id, 'VALIDATED');
    const card = cardOf(channel, job.id);
    const opens = stack.standin.callsTo('views.open').length;
    await stack.driver.blockAction({ actionId: ACTION.jobSettings, channel, messageTs: card.ts });
    const opened = await stack.standin.waitFor(
      (s) =>
        s.callsTo('views.open').length > opens &&
        s.lastView()?.view.callback_id === VIEW.watchSettings &&
        s.lastView(),
    );
    // What the app sent, as Slack's schema knows it (the stored view has Slack's own fields added).
    expect(checkModal(stack.standin.callsTo('views.open').at(-1)?.args.view)).toEqual([]);
    const initial = (block: string) =>
      (
        opened.view.blocks?.find((b) => b.block_id === block) as {
          element: { initial_option?: { value: string } };
        }
      )?.element.initial_option?.value;
    expect(initial(WATCH_FORM.only.block)).toBe('terminal');
    const pick = (block: { block: string; action: string }, value: string) => ({
      [block.block]: { [block.action]: { type: 'static_select', selected_option: { value } } },
    });
    // A submission whose choices cannot be read changes nothing and says so under the form.
    const garbled = await stack.driver.viewSubmission({
      view: opened,
      values: pick(WATCH_FORM.only, 'sometimes'),
    });
    expect(JSON.stringify(garbled.body)).toContain('"response_action":"errors"');
    expect((await storedWatch(channel, job.id)).settings?.only).toBe('terminal');
    const res = await stack.driver.viewSubmission({
      view: opened,
      values: {
        ...pick(WATCH_FORM.only, 'all'),
        ...pick(WATCH_FORM.broadcast, 'always'),
        ...pick(WATCH_FORM.mention, 'none'),
      },
    });
    expect(res.status).toBe(200);
    const said = await stack.standin.waitFor(() =>
      stack.standin.ephemerals.find((e) => e.channel === channel && e.text.includes('Updated the watch')),
    );
    expect(said).toBeDefined();
    expect((await storedWatch(channel, job.id)).settings).toEqual({
      only: 'all',
      broadcast: 'always',
      mention: { kind: 'none' },
    });
    await ask(`start ${job.id}`, channel);
    await finished(channel, job.id);
    // VALIDATING and VALIDATED were passed over before the change; what follows is posted, the end broadcast.
    const thread = replies(channel, job.id);
    expect(threadStatuses(thread)).toEqual(['STARTED', 'RUNNING', 'SUCCESS']);
    expect(thread.find((m) => payloadOf(m)?.kind === 'terminal')?.subtype).toBe('thread_broadcast');
  });
});

describe('/finetune settings with FINETUNE_OPERATORS set', () => {
  let gated: LocalStack;
  beforeAll(async () => {
    gated = await startLocalStack({ env: { FINETUNE_OPERATORS: 'U0OPERATOR' } });
  });
  afterAll(async () => {
    await gated?.close();
  });
  const say = async (text: string, user: string) => {
    const res = await gated.driver.command(text, { user, channel: 'C0GATED' });
    return textOf(await gated.driver.waitForResponse(res.responseUrl));
  };

  it('lets operators set the channel defaults and refuses anyone else', async () => {
    expect(await say('settings only:terminal', 'U0SOMEONE')).toContain(NOT_OPERATOR_SENTENCE);
    expect(await gated.app.deps.watches.channelDefaults('C0GATED')).toEqual(DEFAULT_WATCH_SETTINGS);
    expect(await say('settings only:terminal mention:none', 'U0OPERATOR')).toContain(
      'now take: thread: only the end · end also sent to the channel: on a failure only (the default) · mention on failure: nobody',
    );
    expect(await say('settings broadcast:loud', 'U0OPERATOR')).toMatch(/`broadcast:loud` is not a choice/);
    expect((await gated.app.deps.watches.channelDefaults('C0GATED')).only).toBe('terminal');
  });
});
