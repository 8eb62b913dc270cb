import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormInput } from '../../devtools/form-values.js';
import type { LocalStack } from '../../devtools/local-stack.js';
import type { DriverResponse } from '../../devtools/slack-driver.js';
import type { StoredView } from '../../devtools/slack-standin.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { FORM, VIEW } from '../../src/views/ids.js';
import {
  ackErrors,
  expectAction,
  openForm,
  startCreateStack,
  submit,
  trainingFiles,
  validInput,
} from '../create/stack.js';
import { type FaultProxy, type ProxyRule, startFaultProxy } from '../helpers/fault-proxy.js';

/**
 * The whole create flow with recognisable secrets: none may appear in a log line, in anything sent
 * to Slack (Web API arguments, response_url bodies, views, and every view_submission ack), or in
 * the app's store, even when Mistral's 422 echoes the W&B key back.
 */
const WANDB_KEY = 'WANDBSECRETwandbsecret0123456789abcdefXY';
const SLACK_TOKEN = 'xoxb-SLACKSECRET-0123456789-abcdefghij';
const MISTRAL_KEY = 'MISTRALSECRET-0123456789abcdef';
const SECRETS = [WANDB_KEY, SLACK_TOKEN, MISTRAL_KEY, 'WANDBSECRET', 'SLACKSECRET', 'MISTRALSECRET'];

let mistral: Sandbox;
let proxy: FaultProxy;
let stack: LocalStack;

beforeAll(async () => {
  expect(WANDB_KEY).toHaveLength(40);
  mistral = await startSandbox({ apiKey: MISTRAL_KEY, speed: 100 });
  // Passes everything through, except the 422s below that quote the request's W&B key.
  proxy = await startFaultProxy(mistral.url);
  stack = await startCreateStack({
    env: {
      SLACK_BOT_TOKEN: SLACK_TOKEN,
      MISTRAL_API_KEY: MISTRAL_KEY,
      MISTRAL_SERVER_URL: proxy.url,
      LOG_LEVEL: 'debug',
    },
  });
});

afterAll(async () => {
  await stack?.close();
  await proxy?.close();
  await mistral?.close();
});

/** Every HTTP answer the app gave Slack: the acks of commands and view submissions. */
const acks: unknown[] = [];

async function send(view: StoredView, input: FormInput) {
  const res = await submit(stack, view, input);
  acks.push(res.body);
  return res;
}

async function sendView(view: StoredView): Promise<DriverResponse> {
  const res = await stack.driver.viewSubmission({ view, values: {} });
  acks.push(res.body);
  return res;
}

async function form(): Promise<StoredView> {
  return openForm(stack);
}

/** A pydantic-style 422 whose message quotes the W&B key it was sent (as `input` echoes do). */
function echoingKey(loc: (string | number)[], path: RegExp): ProxyRule {
  return {
    method: 'POST',
    path,
    times: 1,
    answer: ({ body }) => {
      const sent = JSON.parse(body) as { integrations?: { api_key?: string }[] };
      const key = sent.integrations?.[0]?.api_key ?? '(none)';
      return {
        status: 422,
        body: {
          detail: [{ type: 'value_error', loc, msg: `Value error, key '${key}' was refused`, input: key }],
        },
      };
    },
  };
}
const CREATE = /^\/v1\/fine_tuning\/jobs\/?$/;
const DRY_RUN = /^\/v1\/fine_tuning\/jobs\?dry_run=true$/;

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
    const created = await send(await form(), validInput(files, 'C0SECRETS', wandb));
    expectAction(created.ack, 'update');
    // Refused inline (the key is fine, another field is not), then refused by Mistral (422).
    expectAction(
      (await send(await form(), validInput(files, 'C0SECRETS', { ...wandb, seqLen: '5' }))).ack,
      'errors',
    );
    expectAction(
      (await send(await form(), validInput(files, 'C0SECRETS', { ...wandb, jobType: 'classifier' }))).ack,
      'errors',
    );
    // Mistral quotes the key in a 422 on the key's field: the inline error says so, scrubbed.
    proxy.rules.push(echoingKey(['body', 'integrations', 0, 'api_key'], CREATE));
    const onField = await send(await form(), validInput(files, 'C0SECRETS', wandb));
    expect(ackErrors(onField.ack)[FORM.wandbKey.block]).toContain('[redacted]');
    // …and in a 422 no field explains: the banner on the re-shown form says so, scrubbed.
    proxy.rules.push(echoingKey(['body', 'classifier_targets'], CREATE));
    const banner = await send(await form(), validInput(files, 'C0SECRETS', wandb));
    expectAction(banner.ack, 'update');
    expect(JSON.stringify(banner.ack)).toContain('[redacted]');
    // …and in the dry run of an auto-start job.
    proxy.rules.push(echoingKey(['body', 'integrations', 0, 'api_key'], DRY_RUN));
    const dry = await send(await form(), validInput(files, 'C0SECRETS', { ...wandb, autoStart: true }));
    expect(ackErrors(dry.ack)[FORM.wandbKey.block]).toContain('[redacted]');
    // Estimate first, then create & start, refused by a 422 quoting the key, then accepted.
    const estimateOf = async () => {
      const est = await send(await form(), validInput(files, 'C0SECRETS', { ...wandb, autoStart: true }));
      expectAction(est.ack, 'push');
      const estimate = stack.standin.lastView()!;
      expect(estimate.view.callback_id).toBe(VIEW.createEstimate);
      return estimate;
    };
    proxy.rules.push(echoingKey(['body', 'integrations', 0, 'api_key'], CREATE));
    const refused = await sendView(await estimateOf());
    expect(JSON.stringify(refused.body)).toContain('[redacted]');
    await sendView(await estimateOf());
    // A slow create that fails: the form comes back through views.update.
    mistral.faults.latencyMs = 2300;
    const slowForm = await form();
    await send(slowForm, validInput(files, 'C0SECRETS', { ...wandb, jobType: 'classifier' }));
    await stack.standin.waitFor(
      (s) => s.view(slowForm.view.id)?.view.callback_id === VIEW.createJob && s.view(slowForm.view.id),
      15_000,
    );
    // A slow dry run: the estimate is pushed later, over the form.
    const slowEstimate = await send(
      await form(),
      validInput(files, 'C0SECRETS', { ...wandb, autoStart: true }),
    );
    expectAction(slowEstimate.ack, 'push');
    await stack.standin.waitFor(
      (s) => s.lastView()?.view.callback_id === VIEW.createEstimate || undefined,
      15_000,
    );
    mistral.faults.latencyMs = 0;
    await stack.standin.waitFor((s) => s.channelMessages('C0SECRETS').length >= 2 || undefined, 10_000);
    expect(proxy.rules.every((r) => r.times === 0)).toBe(true);

    const jobs = await stack.app.deps.backend.listJobs({ wandbProject: 'secret-test' });
    expect(jobs.total).toBe(2);

    const sentToSlack = JSON.stringify({
      args: stack.standin.calls.map((c) => c.args),
      responses: stack.standin.responses,
      views: [...stack.standin.views.values()],
      acks,
    });
    expect(acks.length).toBeGreaterThanOrEqual(10);
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
