import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../src/devtools/local-stack.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { VIEW } from '../../src/views/ids.js';
import {
  expectAction,
  openForm,
  startCreateStack,
  submit,
  trainingFiles,
  validInput,
} from '../create/stack.js';

/**
 * The whole create flow with recognisable secrets: none may appear in a log line, in anything sent
 * to Slack (Web API arguments, response_url bodies, views), or in the app's store.
 */
const WANDB_KEY = 'WANDBSECRETwandbsecret0123456789abcdefXY';
const SLACK_TOKEN = 'xoxb-SLACKSECRET-0123456789-abcdefghij';
const MISTRAL_KEY = 'MISTRALSECRET-0123456789abcdef';
const SECRETS = [WANDB_KEY, SLACK_TOKEN, MISTRAL_KEY, 'WANDBSECRET', 'SLACKSECRET', 'MISTRALSECRET'];

let mistral: Sandbox;
let stack: LocalStack;

beforeAll(async () => {
  expect(WANDB_KEY).toHaveLength(40);
  mistral = await startSandbox({ apiKey: MISTRAL_KEY, speed: 100 });
  stack = await startCreateStack({
    env: {
      SLACK_BOT_TOKEN: SLACK_TOKEN,
      MISTRAL_API_KEY: MISTRAL_KEY,
      MISTRAL_SERVER_URL: mistral.url,
      LOG_LEVEL: 'debug',
    },
  });
});

afterAll(async () => {
  await stack?.close();
  await mistral?.close();
});

function storeBytes(): string {
  const file = stack.storeUrl.replace(/^sqlite:\/\//, '');
  return [file, `${file}-wal`, `${file}-journal`]
    .filter((f) => existsSync(f))
    .map((f) => readFileSync(f).toString('latin1'))
    .join('\n');
}

describe('secrets in the create flow', () => {
  it('never shows the W&B key, the Slack token or the Mistral key anywhere', async () => {
    const files = await trainingFiles(stack);
    const wandb = { wandbProject: 'secret-test', wandbRun: 'run', wandbKey: WANDB_KEY };
    // Created straight away, with W&B.
    const created = await submit(stack, await openForm(stack), validInput(files, 'C0SECRETS', wandb));
    expectAction(created.ack, 'update');
    // Refused inline (the key is fine, another field is not), then refused by Mistral (422).
    await submit(stack, await openForm(stack), validInput(files, 'C0SECRETS', { ...wandb, seqLen: '5' }));
    await submit(
      stack,
      await openForm(stack),
      validInput(files, 'C0SECRETS', { ...wandb, jobType: 'classifier' }),
    );
    // Estimate first, then create & start.
    const est = await submit(
      stack,
      await openForm(stack),
      validInput(files, 'C0SECRETS', { ...wandb, autoStart: true }),
    );
    expectAction(est.ack, 'push');
    const estimate = stack.standin.lastView()!;
    expect(estimate.view.callback_id).toBe(VIEW.createEstimate);
    await stack.driver.viewSubmission({ view: estimate, values: {} });
    // A slow create that fails: the form comes back through views.update.
    mistral.faults.latencyMs = 2300;
    const slowForm = await openForm(stack);
    await submit(stack, slowForm, validInput(files, 'C0SECRETS', { ...wandb, jobType: 'classifier' }));
    await stack.standin.waitFor(
      (s) => s.view(slowForm.view.id)?.view.callback_id === VIEW.createJob && s.view(slowForm.view.id),
      15_000,
    );
    mistral.faults.latencyMs = 0;
    await stack.standin.waitFor((s) => s.channelMessages('C0SECRETS').length >= 2 || undefined, 10_000);

    const jobs = await stack.app.deps.backend.listJobs({ wandbProject: 'secret-test' });
    expect(jobs.total).toBe(2);

    const sentToSlack = JSON.stringify({
      args: stack.standin.calls.map((c) => c.args),
      responses: stack.standin.responses,
      views: [...stack.standin.views.values()],
    });
    const logs = stack.logs.join('\n');
    expect(logs.length).toBeGreaterThan(1000);
    const store = storeBytes();
    expect(store.length).toBeGreaterThan(0);
    for (const secret of SECRETS) {
      expect(logs, `log contains ${secret}`).not.toContain(secret);
      expect(sentToSlack, `Slack payloads contain ${secret}`).not.toContain(secret);
      expect(store, `store contains ${secret}`).not.toContain(secret);
    }
  });
});
