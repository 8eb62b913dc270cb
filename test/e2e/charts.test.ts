import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../devtools/local-stack.js';
import { renderMessageText } from '../../devtools/render-text.js';
import type { StoredMessage } from '../../devtools/slack-standin.js';
import type { Job } from '../../src/domain/job.js';
import { readIhdr } from '../charts/png.js';
import { checkMessage } from '../helpers/block-kit.js';
import { payloadOf } from '../helpers/watch-fixtures.js';

/** `/finetune chart` and `/finetune compare` end to end: signed commands in, a PNG shared in Slack out. */
let stack: LocalStack;
let jobs: Job[];
const USER = 'U0CHARTUSER';

beforeAll(async () => {
  stack = await startLocalStack({ poller: false });
  stack.standin.validatePayload = (kind, payload) =>
    kind === 'message' ? checkMessage({ text: 'fallback', blocks: payload as never }) : [];
  jobs = (await stack.app.deps.backend.listJobs({ pageSize: 100 })).jobs;
});
afterAll(async () => {
  await stack?.close();
});

const bySuffix = (suffix: string) => {
  const j = jobs.find((x) => x.suffix === suffix);
  if (!j) throw new Error(`no seeded job ${suffix}`);
  return j;
};

async function ask(text: string, channel: string): Promise<{ text: string; ephemeral: boolean }> {
  const res = await stack.driver.command(text, { user: USER, channel });
  const body = await stack.driver.waitForResponse(res.responseUrl);
  return {
    text: renderMessageText(body as Parameters<typeof renderMessageText>[0]),
    ephemeral: body.response_type === 'ephemeral',
  };
}

/** Messages sharing a file: top-level in the channel, or in the thread of `threadTs`. */
const fileMessages = (channel: string, threadTs?: string): StoredMessage[] =>
  (threadTs ? stack.standin.threadReplies(channel, threadTs) : stack.standin.channelMessages(channel)).filter(
    (m) => (m.files?.length ?? 0) > 0,
  );

describe('/finetune chart', () => {
  it('shares the loss chart as a PNG in the conversation and confirms it to the asker only', async () => {
    const job = bySuffix('support-bot');
    const answer = await ask(`chart ${job.id.slice(0, 8)}`, 'C0CHART1');
    expect(answer.ephemeral).toBe(true);
    expect(answer.text).toContain('Posted the loss chart');
    const [shared] = fileMessages('C0CHART1');
    expect(shared?.text).toContain(`<@${USER}>`);
    const file = shared?.files?.[0];
    expect(file).toMatchObject({ filetype: 'png', title: `Loss of ${job.id}` });
    const bytes = stack.standin.uploadedFiles().find((f) => f.id === file?.id)?.bytes;
    const ihdr = readIhdr(bytes ?? Buffer.alloc(0));
    expect(ihdr.width).toBeGreaterThan(720);
    // The three steps of an upload, in order, with the alt text that describes the chart.
    const steps = stack.standin.calls.map((c) => c.method).filter((m) => m.startsWith('files.'));
    expect(steps.slice(-3)).toEqual([
      'files.getUploadURLExternal',
      'files.upload',
      'files.completeUploadExternal',
    ]);
    expect(String(stack.standin.callsTo('files.getUploadURLExternal').at(-1)?.args.alt_text)).toContain(
      job.id,
    );
  });

  it('puts the chart in the thread of the job card when the job is watched here', async () => {
    const job = bySuffix('support-small');
    expect((await ask(`watch ${job.id}`, 'C0CHART2')).text).toMatch(/Watching job/);
    const card = stack.standin.channelMessages('C0CHART2').find((m) => payloadOf(m)?.kind === 'card');
    const answer = await ask(`chart ${job.id}`, 'C0CHART2');
    expect(answer.text).toContain('in the thread of its card');
    expect(fileMessages('C0CHART2', card?.ts)).toHaveLength(1);
    expect(fileMessages('C0CHART2')).toHaveLength(0);
  });

  it('says a job has no metrics yet instead of posting an empty chart', async () => {
    const job = bySuffix('code-review');
    const before = stack.standin.callsTo('files.getUploadURLExternal').length;
    const answer = await ask(`chart ${job.id}`, 'C0CHART3');
    expect(answer.text).toContain('has no loss metrics yet');
    expect(answer.text).toContain('VALIDATED');
    expect(stack.standin.callsTo('files.getUploadURLExternal')).toHaveLength(before);
  });

  it('names an unknown job, asks for a missing one, and refuses two', async () => {
    expect((await ask('chart 0f0f0f0f', 'C0CHART3')).text).toContain('No job on');
    expect((await ask('chart', 'C0CHART3')).text).toContain('Which job?');
    const [a, b] = jobs as [Job, Job];
    expect((await ask(`chart ${a.id} ${b.id}`, 'C0CHART3')).text).toContain('/finetune compare');
  });

  it('tells the asker when Slack will not take the file', async () => {
    stack.standin.injectFault({ method: 'files.getUploadURLExternal', error: 'not_in_channel' });
    const answer = await ask(`chart ${bySuffix('support-bot').id}`, 'C0CHART4');
    expect(answer.text).toContain('invite me');
    expect(fileMessages('C0CHART4')).toHaveLength(0);
  });
});

describe('/finetune compare', () => {
  it('overlays the validation loss of two jobs on one chart in the conversation', async () => {
    const a = bySuffix('support-bot');
    const b = bySuffix('ticket-priority');
    const answer = await ask(`compare ${a.id} ${b.id.slice(0, 8)}`, 'C0CMP1');
    expect(answer.text).toContain('Posted the validation loss of 2 jobs');
    const [shared] = fileMessages('C0CMP1');
    expect(shared?.files?.[0]?.filetype).toBe('png');
    const alt = String(stack.standin.callsTo('files.getUploadURLExternal').at(-1)?.args.alt_text);
    expect(alt).toContain(a.id);
    expect(alt).toContain(b.id);
  });

  it('refuses too many jobs, too few, an unknown one and one without validation loss, by name', async () => {
    const six = ['aaaaaa01', 'aaaaaa02', 'aaaaaa03', 'aaaaaa04', 'aaaaaa05', 'aaaaaa06'].join(' ');
    expect((await ask(`compare ${six}`, 'C0CMP2')).text).toContain('At most 5 jobs');
    const a = bySuffix('support-bot');
    expect((await ask(`compare ${a.id}`, 'C0CMP2')).text).toContain('Give two to 5');
    expect((await ask(`compare ${a.id} ${a.id}`, 'C0CMP2')).text).toContain('Give two to 5');
    expect((await ask(`compare ${a.id} 0f0f0f0f`, 'C0CMP2')).text).toContain('0f0f0f0f');
    const idle = bySuffix('code-review');
    const answer = await ask(`compare ${a.id} ${idle.id}`, 'C0CMP2');
    expect(answer.text).toContain('No validation loss yet');
    expect(answer.text).toContain(idle.id.slice(0, 8));
    expect(fileMessages('C0CMP2')).toHaveLength(0);
  });
});
