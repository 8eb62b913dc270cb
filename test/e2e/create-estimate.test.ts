import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../devtools/local-stack.js';
import type { StoredView } from '../../devtools/slack-standin.js';
import { ESTIMATE_EXPIRED } from '../../src/create/pending-requests.js';
import type { FileInfo } from '../../src/domain/job.js';
import { BACK_TO_FORM } from '../../src/modals/estimate-submit.js';
import { VIEW } from '../../src/views/ids.js';
import {
  expectAction,
  openForm,
  startCreateStack,
  submit,
  trainingFiles,
  validInput,
} from '../create/stack.js';
import { visibleText } from '../helpers/block-kit.js';

/** Auto start on: a dry-run estimate is pushed first, and only its "Create & start" creates the job. */
let stack: LocalStack;
let files: FileInfo[];
const CHANNEL = 'C0ESTIMATE';

beforeAll(async () => {
  stack = await startCreateStack();
  files = await trainingFiles(stack);
});

afterAll(async () => {
  await stack?.close();
});

beforeEach(() => {
  stack.app.sandbox!.faults.latencyMs = 0;
});

const textOf = (v: StoredView) => visibleText(v.view.blocks);
const closeLabel = (v: StoredView) => (v.view as { close?: { text?: string } }).close?.text;

/** Slack's "Back" on a pushed view: it closes, and the view beneath is shown again. */
async function pressBack(view: StoredView): Promise<void> {
  await stack.driver.viewClosed({ view });
}

describe('auto start: estimate, then create', () => {
  it('pushes the estimate (cost, duration, tokens) without creating anything, then creates with auto_start true', async () => {
    const form = await openForm(stack);
    const input = validInput(files, CHANNEL, { autoStart: true });
    const before = (await stack.app.deps.backend.listJobs()).total;
    const { ack } = await submit(stack, form, input);
    expectAction(ack, 'push');
    const estimate = stack.standin.lastView()!;
    expect(estimate.view.callback_id).toBe(VIEW.createEstimate);
    expect(estimate.stack).toHaveLength(2);
    const text = visibleText(estimate.view.blocks);
    expect(text).toMatch(/Cost\*?\n[\d.]+ [A-Z]{3}/);
    expect(text).toMatch(/Expected duration/);
    expect(text).toMatch(/Training tokens/);
    expect((await stack.app.deps.backend.listJobs()).total).toBe(before);
    expect(estimate.view.private_metadata).toMatch(/^\{"token":"[0-9a-f]{32}"\}$/);

    const done = await stack.driver.viewSubmission({ view: estimate, values: {} });
    expectAction(done.body as Record<string, unknown>, 'update');
    // The result sits over the form: "Done" closes the whole modal instead of showing a used form.
    const result = (done.body as { view: { clear_on_close?: boolean; blocks: unknown[] } }).view;
    expect(visibleText(result.blocks)).toMatch(/was created on Mistral sandbox/);
    expect(result.clear_on_close).toBe(true);
    const job = (await stack.app.deps.backend.listJobs({ suffix: input.suffix })).jobs[0]!;
    expect(job.auto_start).toBe(true);
    await stack.standin.waitFor((s) =>
      s.channelMessages(CHANNEL).find((m) => JSON.stringify(m.blocks).includes(job.id)),
    );
    expect(stack.standin.payloadProblems).toEqual([]);
  });

  it('uses the estimate only once, and says so when it is gone', async () => {
    const form = await openForm(stack);
    const { ack } = await submit(stack, form, validInput(files, CHANNEL, { autoStart: true }));
    expectAction(ack, 'push');
    const estimate = stack.standin.lastView()!;
    const forged = { ...estimate.view, private_metadata: JSON.stringify({ token: 'f'.repeat(32) }) };
    const res = await stack.driver.viewSubmission({ view: forged, values: {} });
    const body = res.body as { view: { blocks: unknown[] } };
    expect(visibleText(body.view.blocks)).toContain(ESTIMATE_EXPIRED);
  });

  it("refuses another user submitting someone else's estimate", async () => {
    const form = await openForm(stack);
    const { ack } = await submit(stack, form, validInput(files, CHANNEL, { autoStart: true }));
    expectAction(ack, 'push');
    const estimate = stack.standin.lastView()!;
    const res = await stack.driver.viewSubmission({ view: estimate, values: {}, user: 'U0STRANGER' });
    expect(visibleText((res.body as { view: { blocks: unknown[] } }).view.blocks)).toContain(
      ESTIMATE_EXPIRED,
    );
  });

  it('maps a 422 from the dry run onto the form, before any estimate', async () => {
    const form = await openForm(stack);
    const { ack } = await submit(
      stack,
      form,
      validInput(files, CHANNEL, { autoStart: true, jobType: 'classifier' }),
    );
    expectAction(ack, 'errors');
    expect(JSON.stringify(ack.errors)).toMatch(/Model not available/);
  });
});

describe('auto start when the dry run is slower than the ack window', () => {
  it('pushes a placeholder over the form, fills it with the estimate, and Back returns to the form', async () => {
    const form = await openForm(stack);
    const input = validInput(files, CHANNEL, { autoStart: true });
    stack.app.sandbox!.faults.latencyMs = 2300;
    const { ack } = await submit(stack, form, input);
    // Pushed, not update: the form stays beneath, exactly as typed (W&B key included, on Slack's side).
    expectAction(ack, 'push');
    const placeholder = stack.standin.lastView()!;
    expect(placeholder.view.callback_id).toBe(VIEW.createResult);
    expect(placeholder.stack).toEqual([form.view.id, placeholder.view.id]);
    expect(textOf(placeholder)).toMatch(/Asking Mistral sandbox for an estimate/);
    expect(closeLabel(placeholder)).toBe('Back');

    const estimate = await stack.standin.waitFor(
      (s) =>
        s.view(placeholder.view.id)?.view.callback_id === VIEW.createEstimate && s.view(placeholder.view.id),
      10_000,
    );
    expect(textOf(estimate)).toMatch(/Cost\*?\n[\d.]+ [A-Z]{3}/);
    expect(closeLabel(estimate)).toBe('Back');
    expect(estimate.stack).toEqual([form.view.id, placeholder.view.id]);

    await pressBack(estimate);
    const back = stack.standin.view(form.view.id)!;
    expect(back.closed).toBe(false);
    expect(back.stack).toEqual([form.view.id]);
    expect(back.view.callback_id).toBe(VIEW.createJob);
    // Nothing was created; the form can be submitted again from where the user left it.
    expect((await stack.app.deps.backend.listJobs({ suffix: input.suffix })).total).toBe(0);
    stack.app.sandbox!.faults.latencyMs = 0;
    const again = await submit(stack, back, input);
    expectAction(again.ack, 'push');
    expect(stack.standin.payloadProblems).toEqual([]);
  });

  it('says why a slow dry run failed on the pushed view, with Back to the untouched form', async () => {
    const form = await openForm(stack);
    stack.app.sandbox!.faults.latencyMs = 2300;
    const { ack } = await submit(
      stack,
      form,
      validInput(files, CHANNEL, { autoStart: true, jobType: 'classifier' }),
    );
    expectAction(ack, 'push');
    const placeholder = stack.standin.lastView()!;
    const failed = await stack.standin.waitFor(
      (s) =>
        /Model not available/.test(visibleText(s.view(placeholder.view.id)?.view.blocks ?? [])) &&
        s.view(placeholder.view.id),
      10_000,
    );
    expect(textOf(failed)).toContain(BACK_TO_FORM.trim());
    expect(closeLabel(failed)).toBe('Back');
    await pressBack(failed);
    expect(stack.standin.view(form.view.id)).toMatchObject({ closed: false, stack: [form.view.id] });
  });
});
