import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../devtools/local-stack.js';
import type { FileInfo, Job } from '../../src/domain/job.js';
import { ACTION } from '../../src/views/ids.js';
import {
  expectAction,
  openForm,
  startCreateStack,
  submit,
  trainingFiles,
  validInput,
} from '../create/stack.js';
import { visibleText } from '../helpers/block-kit.js';
import { eventually } from '../helpers/watch-fixtures.js';

/**
 * The card of a job waiting for approval keeps saying so while the poller edits it: a slow sandbox
 * (validation takes seconds) so the request is made while the job is still QUEUED, and the
 * VALIDATING and VALIDATED edits come after it.
 */
let stack: LocalStack;
let files: FileInfo[];
const CHANNEL = 'C0APPROVECARD';

beforeAll(async () => {
  stack = await startCreateStack({
    sandboxOptions: { speed: 2 },
    env: { POLL_INTERVAL_SECONDS: '1', FINETUNE_APPROVAL_OVER: '10 USD', FINETUNE_APPROVERS: 'U0APPROVEA' },
  });
  files = await trainingFiles(stack);
});

afterAll(async () => {
  await stack?.close();
});

describe('the card while a start waits for approval', () => {
  it('shows Awaiting approval, and no Start, through the poller’s edits', async () => {
    const input = validInput(files, CHANNEL, { trainingSteps: '100', autoStart: true });
    expectAction((await submit(stack, await openForm(stack), input)).ack, 'push');
    const estimate = stack.standin.lastView() as NonNullable<ReturnType<typeof stack.standin.lastView>>;
    await stack.driver.viewSubmission({ view: estimate, values: {} });
    const job = (await stack.app.deps.backend.listJobs({ suffix: input.suffix })).jobs[0] as Job;
    const card = await stack.standin.waitFor((s) =>
      s.channelMessages(CHANNEL).find((m) => JSON.stringify(m.blocks).includes(job.id)),
    );
    const validated = await eventually(async () => {
      const m = stack.standin.message(CHANNEL, card.ts);
      return m && visibleText(m.blocks as unknown[]).includes('· VALIDATED') ? m : undefined;
    }, 30_000);
    // The poller's own edits (VALIDATING, then VALIDATED) came after the request was made.
    const edits = stack.standin.callsTo('chat.update').filter((c) => c.ok && c.args.ts === card.ts);
    expect(edits.length).toBeGreaterThanOrEqual(2);
    expect(visibleText(validated.blocks as unknown[])).toContain('Awaiting approval');
    expect(JSON.stringify(validated.blocks)).not.toContain(ACTION.jobStart);
  }, 60_000);
});
