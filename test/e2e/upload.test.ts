import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { formStateValues } from '../../devtools/form-values.js';
import { LOCAL_BOT_TOKEN, type LocalStack } from '../../devtools/local-stack.js';
import { fileDownloads, hostSlackFile } from '../../devtools/slack-standin/files-download.js';
import type { StoredView } from '../../devtools/slack-standin.js';
import { FILE_REFUSED } from '../../src/modals/upload-step.js';
import { UPLOAD_MISSING } from '../../src/modals/upload-submit.js';
import { FORM, UPLOAD, VIEW } from '../../src/views/ids.js';
import { ackErrors, expectAction, openForm, startCreateStack } from '../create/stack.js';
import { goodJsonl, submitWithFiles } from '../create/upload-stack.js';
import { visibleText } from '../helpers/block-kit.js';

/** Training data from Slack on Mistral's sandbox: the create modal's file input and `/finetune upload`. */
let stack: LocalStack;
const CHANNEL = 'C0UPLOADS';
let n = 0;
const suffix = () => `up${process.pid % 1000}-${++n}`;
const textOf = (view: unknown) => visibleText(((view as { blocks?: unknown[] }).blocks ?? []) as unknown[]);

beforeAll(async () => {
  stack = await startCreateStack();
});
afterAll(async () => {
  await stack?.close();
});
beforeEach(() => {
  stack.app.sandbox!.faults.latencyMs = 0;
});

const form = (extra: Record<string, unknown> = {}) => ({
  model: 'open-mistral-7b',
  jobType: 'completion' as const,
  trainingSteps: '10',
  suffix: suffix(),
  weightDecay: '0.2',
  channel: CHANNEL,
  ...extra,
});

async function filesNamed(name: string) {
  return (await stack.app.deps.backend.listFiles()).filter((f) => f.filename === name);
}

describe('the create modal takes a JSONL file from Slack', () => {
  it('downloads it with the bot token, checks it, uploads it, and creates the job with it', async () => {
    const view = await openForm(stack, { channel: CHANNEL });
    const { ack } = await submitWithFiles(stack, view, form(), {
      training: { name: 'slack-train.jsonl', content: goodJsonl(12, 'a') },
    });
    expectAction(ack, 'update');
    const text = textOf(ack.view);
    expect(text).toContain('passed the checks: 12 lines, 12 examples');
    const jobId = /Job `([0-9a-f-]{36})`/.exec(text)?.[1];
    expect(jobId).toBeDefined();
    const [file] = await filesNamed('slack-train.jsonl');
    expect(file).toBeDefined();
    const job = await stack.app.deps.backend.getJob(jobId as string);
    expect(job.training_files).toEqual([file?.id]);
    expect(fileDownloads(stack.standin).at(-1)).toMatchObject({ authorized: true, status: 200 });
    // The card is posted in the chosen channel, as for a picked file.
    await stack.standin.waitFor((s) => s.channelMessages(CHANNEL).length > 0);
  });

  it('takes a validation split beside it and refuses one that repeats the training data', async () => {
    const view = await openForm(stack, { channel: CHANNEL });
    const before = (await stack.app.deps.backend.listFiles()).length;
    const train = goodJsonl(8, 'b');
    const overlap = `${goodJsonl(2, 'v')}${train.split('\n')[3]}\n`;
    const { ack } = await submitWithFiles(stack, view, form(), {
      training: { name: 'b-train.jsonl', content: train },
      validation: { name: 'b-valid.jsonl', content: overlap },
    });
    const errors = ackErrors(ack);
    expect(errors[UPLOAD.validation.block]).toBe('Not uploaded. line 3: also in the training data (line 4).');
    // Nothing was uploaded: not even the training file, which passed.
    expect((await stack.app.deps.backend.listFiles()).length).toBe(before);
  });

  it('refuses a broken file inside the ack window with its line numbers under the field, the form kept', async () => {
    const view = await openForm(stack, { channel: CHANNEL });
    const bad = `${goodJsonl(2, 'c')}{"messages": "no"}\nnot json\n`;
    const { ack } = await submitWithFiles(stack, view, form(), {
      training: { name: 'broken.jsonl', content: bad },
    });
    const errors = ackErrors(ack);
    expect(errors[UPLOAD.training.block]).toBe(
      'Not uploaded. line 3: missing a "messages" array; line 4: not valid JSON.',
    );
    // An `errors` answer leaves the form as it is in Slack, every value and the file included.
    expect(stack.standin.view(view.view.id)?.view.callback_id).toBe(VIEW.createJob);
    expect(await filesNamed('broken.jsonl')).toEqual([]);
  });

  it('past the ack window shows "Checking…", then the form again with every value and the lines under the file field', async () => {
    const view = await openForm(stack, { channel: CHANNEL });
    const input = form({ suffix: 'slow-kept', learningRate: '0.0002' });
    const bad = `${goodJsonl(3, 'd')}{"messages":[{"role":"bot","content":"<!here>"}]}\n`;
    const { ack } = await submitWithFiles(stack, view, input, {
      training: { name: 'slow.jsonl', content: bad, delayMs: 2500 },
    });
    expectAction(ack, 'update');
    expect(textOf(ack.view)).toContain('checking it');
    const again = await stack.standin.waitFor(
      (s) => s.view(view.view.id)?.view.callback_id === VIEW.createJob && s.view(view.view.id),
      15_000,
    );
    const text = textOf(again.view);
    expect(text).toContain(FILE_REFUSED.trim().slice(0, 40));
    expect(text).toContain('• line 4: message 1 has an invalid role "bot"');
    // Escaped: the user's file cannot ping a channel.
    expect(JSON.stringify(again.view.blocks)).not.toContain('<!here>');
    const blocks = again.view.blocks as { block_id?: string; element?: Record<string, unknown> }[];
    const at = (id: string) => blocks.findIndex((b) => b.block_id === id);
    expect(at('training_upload_problem')).toBe(at(UPLOAD.training.block) + 1);
    const el = (id: string) => blocks.find((b) => b.block_id === id)?.element;
    expect(el(FORM.suffix.block)?.initial_value).toBe('slow-kept');
    expect(el(FORM.learningRate.block)?.initial_value).toBe('0.0002');
    expect(el(FORM.weightDecay.block)?.initial_value).toBe('0.2');
    expect(el(FORM.channel.block)?.initial_conversation).toBe(CHANNEL);
    expect(stack.standin.payloadProblems).toEqual([]);
  });

  it('past the ack window with a good file, the "Checking…" view becomes the created job', async () => {
    const view = await openForm(stack, { channel: CHANNEL });
    const { ack } = await submitWithFiles(stack, view, form(), {
      training: { name: 'slow-good.jsonl', content: goodJsonl(6, 'h'), delayMs: 2500 },
    });
    expectAction(ack, 'update');
    const done = await stack.standin.waitFor(
      (s) =>
        s.view(view.view.id)?.view.callback_id === VIEW.createResult &&
        /Job `/.test(textOf(s.view(view.view.id)?.view)) &&
        s.view(view.view.id),
      15_000,
    );
    expect(textOf(done.view)).toContain('`slow-good.jsonl` passed the checks: 6 lines');
    expect(await filesNamed('slow-good.jsonl')).toHaveLength(1);
  });

  it('with auto start, uploads the file and pushes the estimate over the form', async () => {
    const view = await openForm(stack, { channel: CHANNEL });
    const { ack } = await submitWithFiles(stack, view, form({ autoStart: true }), {
      training: { name: 'auto.jsonl', content: goodJsonl(5, 'i') },
    });
    expectAction(ack, 'push');
    expect((ack.view as { callback_id: string }).callback_id).toBe(VIEW.createEstimate);
    expect(await filesNamed('auto.jsonl')).toHaveLength(1);
  });

  it('with auto start past the ack window, the form comes back with the uploaded file picked', async () => {
    const view = await openForm(stack, { channel: CHANNEL });
    const { ack } = await submitWithFiles(stack, view, form({ autoStart: true, suffix: 'auto-slow' }), {
      training: { name: 'auto-slow.jsonl', content: goodJsonl(5, 'j'), delayMs: 2500 },
    });
    expectAction(ack, 'update');
    const again = await stack.standin.waitFor(
      (s) => s.view(view.view.id)?.view.callback_id === VIEW.createJob && s.view(view.view.id),
      15_000,
    );
    const [file] = await filesNamed('auto-slow.jsonl');
    expect(textOf(again.view)).toContain(`now on the provider as \`${file?.id}\``);
    const picker = (again.view.blocks as { block_id?: string; element?: Record<string, unknown> }[]).find(
      (b) => b.block_id === FORM.trainingFiles.block,
    )?.element;
    expect(((picker?.initial_options ?? []) as { value: string }[]).map((o) => o.value)).toEqual([file?.id]);
  });

  it('submitted again after the provider refused the job, sends the file to the provider once', async () => {
    const view = await openForm(stack, { channel: CHANNEL });
    const hosted = hostSlackFile(stack.standin, { name: 'again-train.jsonl', content: goodJsonl(6, 'g') });
    const submit = () =>
      stack.driver.viewSubmission({
        view,
        values: formStateValues(form()),
        files: [{ blockId: UPLOAD.training.block, actionId: UPLOAD.training.action, files: [hosted] }],
      });
    const uploads = () => stack.app.sandbox!.stats()['POST /v1/files'] ?? 0;
    const before = uploads();
    // The provider takes the file, then refuses the job (its fine-tuning routes answer 410).
    stack.app.sandbox!.faults.gone = true;
    try {
      const refused = await submit();
      const text = textOf((refused.body as { view?: unknown }).view);
      expect(text).toContain('Nothing was created. Your values are back in the form.');
    } finally {
      stack.app.sandbox!.faults.gone = false;
    }
    expect(await filesNamed('again-train.jsonl')).toHaveLength(1);
    // The same form, the same Slack file, submitted again: the provider's copy is reused, not sent
    // again (Mistral would answer a second upload of the same bytes with the same file; others not).
    const again = await submit();
    expect(JSON.stringify(again.body)).toContain('was created');
    expect(uploads() - before).toBe(1);
    const [file] = await filesNamed('again-train.jsonl');
    expect(await filesNamed('again-train.jsonl')).toHaveLength(1);
    const jobId = /Job `([0-9a-f-]{36})`/.exec(textOf((again.body as { view?: unknown }).view))?.[1];
    expect((await stack.app.deps.backend.getJob(jobId as string)).training_files).toEqual([file?.id]);
  });

  it("refuses Slack's HTML sign-in page with a sentence that says what to do", async () => {
    const view = await openForm(stack, { channel: CHANNEL });
    const { ack } = await submitWithFiles(stack, view, form(), {
      training: { name: 'signin.jsonl', content: goodJsonl(2, 'e'), signIn: true },
    });
    const message = ackErrors(ack)[UPLOAD.training.block];
    expect(message).toMatch(/sign-in page instead of signin\.jsonl.*files:read/);
    expect(await filesNamed('signin.jsonl')).toEqual([]);
  });

  it('follows a redirect of the download and keeps the token', async () => {
    const view = await openForm(stack, { channel: CHANNEL });
    const { ack } = await submitWithFiles(stack, view, form(), {
      training: { name: 'redirected.jsonl', content: goodJsonl(4, 'f'), redirect: true },
    });
    expectAction(ack, 'update');
    expect(await filesNamed('redirected.jsonl')).toHaveLength(1);
  });

  it('wants a picked or an uploaded training file', async () => {
    const view = await openForm(stack, { channel: CHANNEL });
    const { ack } = await submitWithFiles(stack, view, form(), {});
    expect(ackErrors(ack)[FORM.trainingFiles.block]).toMatch(/or upload one below/);
  });

  it('never writes the bot token into a log line', () => {
    expect(stack.logs.join('\n')).not.toContain(LOCAL_BOT_TOKEN);
  });
});

describe('/finetune upload', () => {
  async function openUpload(): Promise<StoredView> {
    const before = new Set(stack.standin.views.keys());
    await stack.driver.command('upload', { channel: CHANNEL });
    return stack.standin.waitFor((s) => {
      for (const [id, v] of s.views) if (!before.has(id) && v.view.callback_id === VIEW.uploadFile) return v;
      return undefined;
    });
  }

  it('opens a modal with one file input, and answers the new file id, the counts and the price of an epoch', async () => {
    const view = await openUpload();
    const input = (view.view.blocks as { block_id?: string; element?: { type?: string } }[]).find(
      (b) => b.block_id === UPLOAD.file.block,
    );
    expect(input?.element).toMatchObject({ type: 'file_input', filetypes: ['jsonl'], max_files: 1 });
    const { ack } = await submitWithFiles(
      stack,
      view,
      {},
      { file: { name: 'cmd-train.jsonl', content: goodJsonl(20, 'g') } },
      { formValues: false },
    );
    expectAction(ack, 'update');
    const text = textOf(ack.view);
    const [file] = await filesNamed('cmd-train.jsonl');
    expect(file).toBeDefined();
    expect(text).toContain(`as \`${file?.id}\``);
    expect(text).toContain('passed the checks: 20 lines, 20 examples');
    expect(text).toMatch(/Estimated cost for one epoch on `[^`]+`: \*[\d.]+ USD\*/);
    expect(stack.standin.payloadProblems).toEqual([]);
  });

  it('refuses a broken file under the field and uploads nothing', async () => {
    const view = await openUpload();
    const { ack } = await submitWithFiles(
      stack,
      view,
      {},
      { file: { name: 'cmd-bad.jsonl', content: '\n\n' } },
      { formValues: false },
    );
    expect(ackErrors(ack)[UPLOAD.file.block]).toBe('cmd-bad.jsonl has no examples: the file is empty.');
    expect(await filesNamed('cmd-bad.jsonl')).toEqual([]);
  });

  it('past the ack window, shows "Checking…", then the modal again with the lines under the field', async () => {
    const view = await openUpload();
    const { ack } = await submitWithFiles(
      stack,
      view,
      {},
      { file: { name: 'cmd-slow.jsonl', content: `${goodJsonl(2, 'k')}oops\n`, delayMs: 2500 } },
      { formValues: false },
    );
    expectAction(ack, 'update');
    const again = await stack.standin.waitFor(
      (s) => s.view(view.view.id)?.view.callback_id === VIEW.uploadFile && s.view(view.view.id),
      15_000,
    );
    expect(textOf(again.view)).toContain('• line 3: not valid JSON `oops`');
    expect(await filesNamed('cmd-slow.jsonl')).toEqual([]);
  });

  it('asks for a file when none was given', async () => {
    const view = await openUpload();
    const { ack } = await submitWithFiles(stack, view, {}, {}, { formValues: false });
    expect(ackErrors(ack)[UPLOAD.file.block]).toBe(UPLOAD_MISSING);
  });

  it('answers a forged file_input state as bad input, without downloading', async () => {
    const view = await openUpload();
    const downloads = fileDownloads(stack.standin).length;
    const res = await stack.driver.viewSubmission({
      view,
      values: {
        [UPLOAD.file.block]: {
          [UPLOAD.file.action]: {
            type: 'file_input',
            files: [{ id: 'F1', url_private_download: 'javascript:x' }],
          },
        },
      },
    });
    expect((res.body as { errors?: Record<string, string> }).errors?.[UPLOAD.file.block]).toMatch(
      /upload it again/,
    );
    expect(fileDownloads(stack.standin).length).toBe(downloads);
  });
});
