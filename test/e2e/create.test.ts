import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../devtools/local-stack.js';
import type { StoredView } from '../../devtools/slack-standin.js';
import type { FileInfo } from '../../src/domain/job.js';
import { KEY_AGAIN, VALUES_BACK } from '../../src/modals/create-submit.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { RETIRED_SENTENCE } from '../../src/views/backend-error.js';
import { DOCUMENTED_MODELS } from '../../src/views/create-options.js';
import { FORM_MSG } from '../../src/views/form-messages.js';
import { FORM, VIEW } from '../../src/views/ids.js';
import { sandboxNote } from '../../src/views/strings.js';
import {
  ackErrors,
  expectAction,
  openForm,
  startCreateStack,
  submit,
  trainingFiles,
  validInput,
} from '../create/stack.js';
import { visibleText } from '../helpers/block-kit.js';
import { type FaultProxy, startFaultProxy } from '../helpers/fault-proxy.js';

/** The create modal end to end: signed HTTP in, the real app, the sandbox behind the real SDK. */
let stack: LocalStack;
let files: FileInfo[];
const CHANNEL = 'C0000CHAN';
const OTHER = 'C0UPDATES';

beforeAll(async () => {
  stack = await startCreateStack();
  files = await trainingFiles(stack);
});

afterAll(async () => {
  await stack?.close();
});

beforeEach(() => {
  stack.app.sandbox!.faults.latencyMs = 0;
  stack.app.sandbox!.faults.gone = false;
  stack.standin.clearFaults();
});

function texts(view: { blocks?: unknown }): string {
  return visibleText(view.blocks as unknown[]);
}

type Element = Record<string, unknown>;

/** The element of an input block, as Slack renders it (initial values included). */
function elementOf(view: { blocks?: unknown }, block: string): Element {
  const found = (view.blocks as { block_id?: string; element?: Element }[]).find((b) => b.block_id === block);
  if (!found?.element) throw new Error(`no input block ${block} in the view`);
  return found.element;
}

/** What a re-shown form will submit if the user presses "Create job" again at once. */
function shownValue(view: { blocks?: unknown }, block: string): unknown {
  const el = elementOf(view, block);
  const opt = (o: unknown) => (o as { value?: string } | undefined)?.value;
  if ('initial_value' in el) return el.initial_value;
  if ('initial_option' in el) return opt(el.initial_option);
  if ('initial_options' in el) return (el.initial_options as unknown[]).map(opt);
  if ('initial_conversation' in el) return el.initial_conversation;
  return undefined;
}

const modelOptionsOf = (view: StoredView) =>
  (elementOf(view.view, FORM.model.block).options as { value: string }[]).map((o) => o.value);

describe('opening the create modal', () => {
  it('opens a loading view at once, then fills it with models and files (views.update with the hash)', async () => {
    const form = await openForm(stack);
    const open = stack.standin.callsTo('views.open').at(-1)!;
    expect((open.args.view as { callback_id: string }).callback_id).toBe(VIEW.createLoading);
    const update = stack.standin.callsTo('views.update').at(-1)!;
    expect(update.args.view_id).toBe(form.view.id);
    expect(typeof update.args.hash).toBe('string');
    const text = texts(form.view);
    expect(text).toContain('open-mistral-7b');
    expect(text).not.toContain('mistral-embed');
    const f = files[0]!;
    expect(text).toMatch(
      new RegExp(
        `${f.filename.slice(0, 10).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.* · .* lines · \\d+ (B|KB|MB)`,
      ),
    );
    const blockIds = (form.view.blocks as { block_id?: string }[]).map((b) => b.block_id);
    for (const field of Object.values(FORM)) expect(blockIds).toContain(field.block);
    expect(stack.standin.payloadProblems).toEqual([]);
  });

  it('defaults "post updates to" to the channel the command came from, with auto start unchecked', async () => {
    const form = await openForm(stack, { channel: 'C0DEFAULTS' });
    expect(elementOf(form.view, FORM.channel.block).initial_conversation).toBe('C0DEFAULTS');
    const autoStart = elementOf(form.view, FORM.autoStart.block);
    expect(autoStart.type).toBe('checkboxes');
    expect(autoStart.initial_options ?? []).toEqual([]);
    // Submitting the form as it opened (plus the required picks) creates a job that waits for a human.
    const { ack } = await submit(stack, form, validInput(files, 'C0DEFAULTS'));
    expectAction(ack, 'update');
    expect(texts(ack.view as StoredView['view'])).toMatch(/When the data is validated, the card shows/);
  });

  it('opens even when the backend takes longer than the 3-second trigger window: the loading view first, the form later', async () => {
    // The stand-in refuses a trigger_id older than 3 s, as Slack does: the loading view must not wait.
    stack.app.sandbox!.faults.latencyMs = 3500;
    const opensBefore = stack.standin.callsTo('views.open').length;
    const res = await stack.driver.command('create');
    expect(res.status).toBe(200);
    const loading = await stack.standin.waitFor(() => stack.standin.callsTo('views.open')[opensBefore]);
    expect(loading.ok).toBe(true);
    expect((loading.args.view as { callback_id: string }).callback_id).toBe(VIEW.createLoading);
    const viewId = stack.standin.lastView()!.view.id;
    const filled = await stack.standin.waitFor(
      (s) => s.view(viewId)?.view.callback_id === VIEW.createJob && s.view(viewId),
      10_000,
    );
    expect(texts(filled.view)).toContain('Training files');
  });

  it('opens from the help message\'s "Create job" button too', async () => {
    const help = await stack.driver.command('help');
    await stack.driver.waitForResponse(help.responseUrl);
    const ephemeral = stack.standin.ephemerals.at(-1)!;
    const before = stack.standin.views.size;
    const click = await stack.driver.blockAction({ actionId: 'open_create_button', messageTs: ephemeral.ts });
    expect(click.status).toBe(200);
    const view = await stack.standin.waitFor(
      (s) => s.views.size > before && s.lastView()?.view.callback_id === VIEW.createJob && s.lastView(),
    );
    expect(view.view.blocks.length).toBeGreaterThan(5);
  });
});

describe('submitting the form', () => {
  it('creates the job with auto_start false and posts its card in the chosen channel', async () => {
    const form = await openForm(stack);
    const input = validInput(files, OTHER);
    const { status, ack } = await submit(stack, form, input);
    expect(status).toBe(200);
    expectAction(ack, 'update');
    expect(visibleText((ack.view as { blocks: unknown[] }).blocks)).toMatch(/was created on Mistral sandbox/);
    const card = await stack.standin.waitFor((s) =>
      s.channelMessages(OTHER).find((m) => JSON.stringify(m.blocks).includes(input.suffix!)),
    );
    const jobs = await stack.app.deps.backend.listJobs({ suffix: input.suffix });
    const job = jobs.jobs[0]!;
    expect(job.auto_start).toBe(false);
    expect(job.model).toBe('open-mistral-7b');
    const reply = await stack.standin.waitFor((s) =>
      s.threadReplies(OTHER, card.ts).find((m) => m.text.includes('Created by <@U0000USER>')),
    );
    expect(reply).toBeDefined();
    expect(await stack.app.deps.creators.createdInfo(job.id)).toMatchObject({
      userId: 'U0000USER',
      channel: OTHER,
    });
    expect(stack.standin.payloadProblems).toEqual([]);
  });

  it('sends every hyperparameter, the validation files and the W&B project and run name', async () => {
    const form = await openForm(stack);
    const input = validInput(files, CHANNEL, {
      validationFiles: [files[1]!.id],
      trainingSteps: '',
      epochs: ' 2.5 ',
      learningRate: '1e-5',
      weightDecay: '0.05',
      warmupFraction: '0.1',
      seqLen: '2048',
      wandbProject: 'ft-demo',
      wandbRun: 'run-1',
      wandbKey: 'k'.repeat(40),
    });
    const { ack } = await submit(stack, form, input);
    expectAction(ack, 'update');
    const job = (await stack.app.deps.backend.listJobs({ suffix: input.suffix })).jobs[0]!;
    expect(job.hyperparameters).toMatchObject({
      epochs: 2.5,
      learning_rate: 1e-5,
      weight_decay: 0.05,
      warmup_fraction: 0.1,
      seq_len: 2048,
    });
    expect(job.validation_files).toEqual([files[1]!.id]);
    expect(job.integrations[0]).toMatchObject({ project: 'ft-demo', name: 'run-1' });
  });

  it.each([
    ['no training file', { trainingFiles: [] }, FORM.trainingFiles.block, FORM_MSG.trainingFiles],
    ['no model', { model: undefined }, FORM.model.block, FORM_MSG.model],
    ['neither steps nor epochs', { trainingSteps: '' }, FORM.epochs.block, FORM_MSG.stepsOrEpochs],
    ['neither epochs nor steps', { trainingSteps: ' ' }, FORM.trainingSteps.block, FORM_MSG.stepsOrEpochs],
    ['zero training steps', { trainingSteps: '0' }, FORM.trainingSteps.block, 'whole number ≥ 1'],
    ['a fractional sequence length', { seqLen: '2048.5' }, FORM.seqLen.block, 'whole number'],
    ['a weight decay above 1', { weightDecay: '1.5' }, FORM.weightDecay.block, 'from 0 to 1'],
    ['a comma in a whole number', { seqLen: '2,048' }, FORM.seqLen.block, 'takes a whole number'],
    ['a decimal comma', { learningRate: '1,5' }, FORM.learningRate.block, 'use a dot'],
    ['not a number', { trainingSteps: 'ten' }, FORM.trainingSteps.block, 'whole number'],
    ['a fractional step count', { trainingSteps: '2.5' }, FORM.trainingSteps.block, 'whole number'],
    ['a learning rate above 1', { learningRate: '2' }, FORM.learningRate.block, 'from 1e-8 to 1'],
    ['a warmup fraction above 1', { warmupFraction: '1.5' }, FORM.warmupFraction.block, 'from 0 to 1'],
    ['a negative weight decay', { weightDecay: '-0.1' }, FORM.weightDecay.block, 'from 0 to 1'],
    ['zero epochs', { trainingSteps: '', epochs: '0' }, FORM.epochs.block, '> 0'],
    ['a short sequence length', { seqLen: '50' }, FORM.seqLen.block, '≥ 100'],
    ['a long suffix', { suffix: 'a'.repeat(19) }, FORM.suffix.block, FORM_MSG.suffix(18)],
    ['a suffix with a space', { suffix: 'my model' }, FORM.suffix.block, FORM_MSG.suffix(18)],
    [
      'a run name without project',
      { wandbRun: 'r1', wandbKey: 'k'.repeat(40) },
      FORM.wandbProject.block,
      FORM_MSG.wandbProject,
    ],
    ['a project without key', { wandbProject: 'p' }, FORM.wandbKey.block, FORM_MSG.wandbKeyMissing(40)],
    [
      'a 39-character key',
      { wandbProject: 'p', wandbKey: 'k'.repeat(39) },
      FORM.wandbKey.block,
      'exactly 40 characters; this one has 39',
    ],
    [
      'a new 86-character key',
      { wandbProject: 'p', wandbKey: `wandb_v1_${'k'.repeat(77)}` },
      FORM.wandbKey.block,
      '40-character',
    ],
    ['a file in both lists', { validationFiles: ['same'] }, FORM.validationFiles.block, FORM_MSG.overlap],
  ])(
    'refuses %s inline, keyed to the right block, keeping the modal open',
    async (_name, extra, block, message) => {
      const form = await openForm(stack);
      const input = validInput(files, CHANNEL, extra);
      if (input.validationFiles?.[0] === 'same') input.validationFiles = [...input.trainingFiles!];
      const jobsBefore = (await stack.app.deps.backend.listJobs()).total;
      const { ack } = await submit(stack, form, input);
      const errors = ackErrors(ack);
      expect(errors[block]).toContain(message);
      expect(stack.standin.view(form.view.id)?.closed).toBe(false);
      expect((await stack.app.deps.backend.listJobs()).total).toBe(jobsBefore);
    },
  );

  it('never echoes the W&B key in its error', async () => {
    const form = await openForm(stack);
    const key = `wandb_v1_${'S3CR3T'.repeat(13)}`;
    const { ack } = await submit(
      stack,
      form,
      validInput(files, CHANNEL, { wandbProject: 'p', wandbKey: key }),
    );
    expect(JSON.stringify(ack)).not.toContain('S3CR3T');
  });

  it("maps Mistral's 422 onto the field its loc names", async () => {
    const form = await openForm(stack);
    // The form cannot know which models take which job type; the sandbox answers 422 at body.model.
    const { ack } = await submit(stack, form, validInput(files, CHANNEL, { jobType: 'classifier' }));
    const errors = ackErrors(ack);
    expect(errors[FORM.model.block]).toMatch(
      /Mistral sandbox: .*Model not available for this type of fine-tuning \(classifier\)/,
    );
  });

  it('explains a 409 (a similar job already queued or running) on the suffix', async () => {
    const input = validInput(files, CHANNEL);
    const first = await submit(stack, await openForm(stack), input);
    expectAction(first.ack, 'update');
    const second = await submit(stack, await openForm(stack), input);
    expect(ackErrors(second.ack)[FORM.suffix.block]).toMatch(/similar job .* queued, validated or running/);
  });

  it('acks with "Creating…" when the backend is slow, then updates the modal with the result', async () => {
    const form = await openForm(stack);
    const input = validInput(files, CHANNEL);
    stack.app.sandbox!.faults.latencyMs = 2300;
    const { status, ack } = await submit(stack, form, input);
    expect(status).toBe(200);
    expectAction(ack, 'update');
    expect(visibleText((ack.view as { blocks: unknown[] }).blocks)).toMatch(/Creating the job/);
    const done = await stack.standin.waitFor(
      (s) => /was created/.test(visibleText(s.view(form.view.id)?.view.blocks ?? [])) && s.view(form.view.id),
      10_000,
    );
    expect(done.closed).toBe(false);
  });

  it('shows the form again, values kept but not the W&B key, when a slow create fails', async () => {
    const form = await openForm(stack);
    const input = validInput(files, CHANNEL, {
      jobType: 'classifier',
      wandbProject: 'proj',
      wandbKey: 'Q'.repeat(40),
      learningRate: '0.0002',
    });
    stack.app.sandbox!.faults.latencyMs = 2300;
    const { ack } = await submit(stack, form, input);
    expectAction(ack, 'update');
    const again = await stack.standin.waitFor(
      (s) => s.view(form.view.id)?.view.callback_id === VIEW.createJob && s.view(form.view.id),
      15_000,
    );
    const json = JSON.stringify(again.view);
    expect(json).toContain('0.0002');
    expect(json).toContain('proj');
    expect(json).toContain(input.suffix);
    expect(json).not.toContain('Q'.repeat(40));
    expect(visibleText(again.view.blocks)).toMatch(/Model not available/);
  });

  it('tells the creator by DM when the card cannot be posted in the chosen channel', async () => {
    stack.standin.injectFault({
      method: 'chat.postMessage',
      channel: 'C0PRIVATE',
      error: 'not_in_channel',
      times: 5,
    });
    const form = await openForm(stack);
    const input = validInput(files, 'C0PRIVATE');
    const { ack } = await submit(stack, form, input);
    expectAction(ack, 'update');
    const dm = await stack.standin.waitFor((s) =>
      s.dms('U0000USER').find((m) => m.text.includes('could not post its card')),
    );
    expect(dm.text).toContain('/finetune status');
    // The DM is the app's usual notice: sandbox jobs are never mistaken for real ones.
    expect(visibleText(dm.blocks as unknown[])).toContain(sandboxNote(stack.app.deps.provider));
    expect((await stack.app.deps.backend.listJobs({ suffix: input.suffix })).jobs).toHaveLength(1);
  });
});

describe('a failure no field explains', () => {
  it('shows the form again with the reason on top (not under the model), values kept, when Mistral answers 410', async () => {
    const form = await openForm(stack);
    const input = validInput(files, CHANNEL, {
      learningRate: '0.0003',
      wandbProject: 'proj-410',
      wandbKey: 'G'.repeat(40),
    });
    // The sandbox's "retired API" fault: every jobs route answers 410, the lists still work.
    stack.app.sandbox!.faults.gone = true;
    const { ack } = await submit(stack, form, input);
    expectAction(ack, 'update');
    const view = ack.view as StoredView['view'];
    expect(view.callback_id).toBe(VIEW.createJob);
    expect(texts(view)).toContain(RETIRED_SENTENCE);
    expect(texts(view)).toContain(VALUES_BACK.trim());
    expect(texts(view)).toContain(KEY_AGAIN.trim());
    expect(shownValue(view, FORM.model.block)).toBe('open-mistral-7b');
    expect(shownValue(view, FORM.learningRate.block)).toBe('0.0003');
    expect(shownValue(view, FORM.suffix.block)).toBe(input.suffix);
    expect(shownValue(view, FORM.wandbProject.block)).toBe('proj-410');
    expect(shownValue(view, FORM.trainingFiles.block)).toEqual(input.trainingFiles);
    expect(shownValue(view, FORM.channel.block)).toBe(CHANNEL);
    expect(JSON.stringify(ack)).not.toContain('G'.repeat(40));
    expect(stack.standin.view(form.view.id)?.closed).toBe(false);
    expect(stack.standin.payloadProblems).toEqual([]);
  });

  it('still brings the form back with the reason on top when Mistral is too slow to reload it within the ack window', async () => {
    const form = await openForm(stack);
    const input = validInput(files, CHANNEL, { learningRate: '0.0004' });
    // The refusal comes late in the ack budget, so the lists of the re-shown form come after the ack.
    stack.app.sandbox!.faults.gone = true;
    stack.app.sandbox!.faults.latencyMs = 1900;
    const { ack } = await submit(stack, form, input);
    expectAction(ack, 'update');
    // A "working on it" view first (which one depends on when the refusal came), then the form.
    expect(texts(ack.view as StoredView['view'])).toMatch(
      /Loading the form again with your values|Creating the job/,
    );
    const again = await stack.standin.waitFor(
      (s) => s.view(form.view.id)?.view.callback_id === VIEW.createJob && s.view(form.view.id),
      15_000,
    );
    expect(texts(again.view)).toContain(RETIRED_SENTENCE);
    expect(shownValue(again.view, FORM.learningRate.block)).toBe('0.0004');
    expect(shownValue(again.view, FORM.suffix.block)).toBe(input.suffix);
    expect(again.closed).toBe(false);
  });
});

/**
 * Failures the sandbox cannot make on one route alone (its faults hit every route): a proxy in
 * front of it answers `GET /v1/models` or the create itself, everything else goes through.
 */
describe('when Mistral misbehaves on one route', () => {
  const KEY = 'proxy-test-mistral-key';
  let mistral: Sandbox;
  let proxy: FaultProxy;
  let viaProxy: LocalStack;
  let proxyFiles: FileInfo[];

  beforeAll(async () => {
    mistral = await startSandbox({ apiKey: KEY, speed: 100 });
    proxy = await startFaultProxy(mistral.url);
    viaProxy = await startCreateStack({
      env: { MISTRAL_API_KEY: KEY, MISTRAL_SERVER_URL: proxy.url },
    });
    proxyFiles = await trainingFiles(viaProxy);
  });

  afterAll(async () => {
    await viaProxy?.close();
    await proxy?.close();
    await mistral?.close();
  });

  beforeEach(() => {
    proxy.rules.length = 0;
  });

  it('still offers the documented base models, and says the backend did not list its own, when /v1/models fails', async () => {
    proxy.rules.push({
      method: 'GET',
      path: /^\/v1\/models\/?$/,
      answer: () => ({ status: 503, body: { detail: 'models are down' } }),
    });
    const form = await openForm(viaProxy);
    expect(proxy.faulted).toContain('GET /v1/models');
    expect(modelOptionsOf(form)).toEqual([...DOCUMENTED_MODELS]);
    expect(texts(form.view)).toContain(
      'Mistral did not list its models; these are the documented fine-tunable ones.',
    );
    // The form still works with a documented model.
    const { ack } = await submit(viaProxy, form, validInput(proxyFiles, CHANNEL));
    expectAction(ack, 'update');
    expect(texts(ack.view as StoredView['view'])).toMatch(/was created on Mistral/);
  });

  it("lists the backend's own models (not the fallback) when /v1/models works", async () => {
    const form = await openForm(viaProxy);
    expect(modelOptionsOf(form)).toContain('open-mistral-7b');
    expect(modelOptionsOf(form)).not.toContain('mistral-embed');
    expect(texts(form.view)).not.toContain('did not list its models');
  });

  it('shows a 422 whose loc names no field as a banner on the form, values kept, nothing blamed on the model', async () => {
    proxy.rules.push({
      method: 'POST',
      path: /^\/v1\/fine_tuning\/jobs\/?$/,
      times: 1,
      answer: () => ({
        status: 422,
        body: {
          detail: [
            {
              type: 'less_than_equal',
              loc: ['body', 'invalid_sample_skip_percentage'],
              msg: 'Input should be less than or equal to 0.5',
            },
          ],
        },
      }),
    });
    const form = await openForm(viaProxy);
    const input = validInput(proxyFiles, CHANNEL, {
      epochs: '1.5',
      seqLen: '4096',
      validationFiles: [proxyFiles[1]!.id],
    });
    const jobsBefore = (await viaProxy.app.deps.backend.listJobs()).total;
    const { ack } = await submit(viaProxy, form, input);
    expectAction(ack, 'update');
    const view = ack.view as StoredView['view'];
    expect(view.callback_id).toBe(VIEW.createJob);
    const banner = (view.blocks as { block_id?: string }[])[0];
    expect(banner?.block_id).toBe('create_problem');
    expect(texts(view)).toMatch(
      /Mistral rejected the request: invalid_sample_skip_percentage: Input should be less than or equal to 0\.5/,
    );
    expect(texts(view)).not.toContain(KEY_AGAIN.trim());
    expect(shownValue(view, FORM.epochs.block)).toBe('1.5');
    expect(shownValue(view, FORM.seqLen.block)).toBe('4096');
    expect(shownValue(view, FORM.suffix.block)).toBe(input.suffix);
    expect(shownValue(view, FORM.validationFiles.block)).toEqual([proxyFiles[1]!.id]);
    expect(shownValue(view, FORM.model.block)).toBe('open-mistral-7b');
    expect((await viaProxy.app.deps.backend.listJobs()).total).toBe(jobsBefore);
    // Submitting the re-shown form as it is now goes through.
    const again = viaProxy.standin.view(form.view.id)!;
    const retry = await submit(viaProxy, again, input);
    expectAction(retry.ack, 'update');
    expect(texts(retry.ack.view as StoredView['view'])).toMatch(/was created on Mistral/);
    expect(viaProxy.standin.payloadProblems).toEqual([]);
  });
});
