import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileInfo } from '../../src/backend/types.js';
import { ESTIMATE_EXPIRED } from '../../src/create/pending-requests.js';
import type { LocalStack } from '../../src/devtools/local-stack.js';
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
