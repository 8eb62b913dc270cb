import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import type { KnownBlock, View } from '@slack/types';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlackDriver, signSlackRequest } from '../../devtools/slack-driver.js';
import { startSlackStandin } from '../../devtools/slack-standin.js';
import { ACTION, COMMAND, METADATA_EVENT, VIEW } from '../../src/views/ids.js';
import { checkMessage, checkModal } from '../helpers/block-kit.js';

/**
 * A real Bolt App on HTTPReceiver, driven over HTTP by the driver and talking to the stand-in: proves the
 * dev tools behave like Slack toward Bolt (signatures, acks, respond, Web API calls, modals).
 */
const SECRET = 'test-signing-secret';
const standin = await startSlackStandin({
  teamId: 'T1',
  botUserId: 'UBOT',
  botId: 'BBOT',
  // The stand-in takes any validator; these tests plug in the shared Block Kit checks.
  validatePayload: (kind, payload) =>
    kind === 'message' ? checkMessage({ text: 'fallback', blocks: payload }) : checkModal(payload),
});

const refreshButton: KnownBlock = {
  type: 'actions',
  block_id: 'card_actions',
  elements: [
    {
      type: 'button',
      action_id: ACTION.jobRefresh,
      text: { type: 'plain_text', text: 'Refresh' },
      value: 'job-1',
    },
  ],
};
const createModal: View = {
  type: 'modal',
  callback_id: VIEW.createJob,
  title: { type: 'plain_text', text: 'Create job' },
  submit: { type: 'plain_text', text: 'Create' },
  blocks: [
    {
      type: 'input',
      block_id: 'model_block',
      label: { type: 'plain_text', text: 'Model' },
      element: { type: 'plain_text_input', action_id: 'model_input' },
    },
  ],
};

const app = new App({
  token: 'xoxb-test',
  signingSecret: SECRET,
  botId: 'BBOT',
  botUserId: 'UBOT',
  logLevel: LogLevel.ERROR,
  clientOptions: { slackApiUrl: standin.apiUrl, retryConfig: { retries: 0 } },
});
app.command(COMMAND, async ({ command, ack, respond, client }) => {
  await ack();
  if (command.text === 'create') {
    await client.views.open({ trigger_id: command.trigger_id, view: createModal });
  } else if (command.text === 'share') {
    const card = await client.chat.postMessage({
      channel: command.channel_id,
      text: 'job-1 is running',
      blocks: [refreshButton],
      metadata: { event_type: METADATA_EVENT, event_payload: { job_id: 'job-1' } },
    });
    await client.chat.postMessage({
      channel: command.channel_id,
      thread_ts: card.ts,
      text: 'status: RUNNING',
    });
  } else {
    await respond({ text: `you said ${command.text}`, blocks: [refreshButton] });
  }
});
app.action(ACTION.jobRefresh, async ({ ack, respond, body }) => {
  await ack();
  const value =
    body.type === 'block_actions' && body.actions[0]?.type === 'button' ? body.actions[0].value : '';
  await respond({ replace_original: true, text: `refreshed ${value}` });
});
app.view(VIEW.createJob, async ({ ack, view }) => {
  const model = view.state.values.model_block?.model_input?.value;
  if (!model) await ack({ response_action: 'errors', errors: { model_block: 'Pick a model' } });
  else await ack();
});

const pushModal: View = {
  type: 'modal',
  callback_id: VIEW.createEstimate,
  title: { type: 'plain_text', text: 'Estimate' },
  submit: { type: 'plain_text', text: 'Start' },
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'About 10 minutes' } }],
};
app.command('/modal-stack', async ({ ack, client, command }) => {
  await ack();
  await client.views.open({
    trigger_id: command.trigger_id,
    view: {
      ...pushModal,
      callback_id: VIEW.createLoading,
      title: { type: 'plain_text', text: 'Loading' },
      blocks: [
        {
          type: 'actions',
          block_id: 'more',
          elements: [
            { type: 'button', action_id: 'push_estimate', text: { type: 'plain_text', text: 'More' } },
          ],
        },
      ],
    },
  });
});
app.action('push_estimate', async ({ ack, client, body }) => {
  await ack();
  if (body.type === 'block_actions')
    await client.views.push({ trigger_id: body.trigger_id, view: pushModal });
});
app.view(VIEW.createEstimate, async ({ ack }) => {
  await ack({
    response_action: 'update',
    view: { ...pushModal, title: { type: 'plain_text', text: 'Started' } },
  });
});
app.view({ callback_id: VIEW.createLoading, type: 'view_closed' }, async ({ ack }) => {
  await ack();
});

const server = (await app.start(0)) as Server;
const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
const driver = new SlackDriver({
  appUrl,
  signingSecret: SECRET,
  standin,
  defaultUser: 'U1',
  defaultChannel: 'C1',
});

beforeEach(() => standin.reset());
afterEach(() => expect(standin.payloadProblems).toEqual([]));
afterAll(async () => {
  await app.stop();
  await standin.close();
});

describe('slash commands through Bolt', () => {
  it('acks with 200 and the respond() post lands as an ephemeral', async () => {
    const r = await driver.command('hello');
    expect(r.status).toBe(200);
    const body = await driver.waitForResponse(r.responseUrl);
    expect(body).toMatchObject({ text: 'you said hello' });
    expect(standin.ephemerals).toMatchObject([
      { channel: 'C1', user: 'U1', text: 'you said hello', via: 'response_url' },
    ]);
  });

  it('client.chat.postMessage lands in the channel, with its thread and metadata', async () => {
    await driver.command('share');
    const reply = await standin.waitFor(
      (s) => s.channelMessages('C1')[0]?.reply_count === 1 && s.channelMessages('C1')[0],
    );
    expect(reply).toMatchObject({ text: 'job-1 is running', metadata: { event_type: METADATA_EVENT } });
    expect(standin.threadReplies('C1', reply.ts).map((m) => m.text)).toEqual(['status: RUNNING']);
    expect(standin.callsTo('chat.postMessage').every((c) => c.token === 'xoxb-test')).toBe(true);
  });

  it('rejects a bad signature and a stale timestamp with 401', async () => {
    const body = new URLSearchParams({
      command: COMMAND,
      text: 'x',
      user_id: 'U1',
      channel_id: 'C1',
    }).toString();
    const bad = await driver.postForm(body, {
      ...signSlackRequest(SECRET, body),
      'x-slack-signature': 'v0=deadbeef',
    });
    expect(bad.status).toBe(401);
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    const stale = await driver.postForm(body, { ...signSlackRequest(SECRET, body, sixMinutesAgo) });
    expect(stale.status).toBe(401);
    expect(standin.calls).toEqual([]);
  });
});

describe('interactions through Bolt', () => {
  it('a button on an ephemeral response replaces that ephemeral through respond()', async () => {
    const cmd = await driver.command('list');
    await driver.waitForResponse(cmd.responseUrl);
    const eph = standin.ephemerals[0];
    const click = await driver.blockAction({ actionId: ACTION.jobRefresh, messageTs: eph?.ts });
    expect(click.status).toBe(200);
    await standin.waitFor((s) => s.ephemerals[0]?.text === 'refreshed job-1');
    expect(standin.ephemerals).toHaveLength(1);
  });

  it('a button on a channel message updates the message through respond()', async () => {
    await driver.command('share');
    const card = await standin.waitFor((s) => s.channelMessages('C1')[0]);
    await driver.blockAction({ actionId: ACTION.jobRefresh, messageTs: card.ts });
    await standin.waitFor((s) => s.message('C1', card.ts)?.text === 'refreshed job-1');
  });
});

describe('modals through Bolt', () => {
  it('views.open with the command trigger, inline errors on bad input, close on success', async () => {
    await driver.command('create');
    const opened = await standin.waitFor((s) => s.lastView());
    expect(opened.view.callback_id).toBe(VIEW.createJob);
    expect(opened.user).toBe('U1');

    const empty = await driver.viewSubmission({
      view: opened,
      values: { model_block: { model_input: { type: 'plain_text_input', value: null } } },
    });
    expect(empty).toEqual({
      status: 200,
      body: { response_action: 'errors', errors: { model_block: 'Pick a model' } },
    });
    expect(standin.view(opened.view.id)?.closed).toBe(false);

    const ok = await driver.viewSubmission({
      view: opened,
      values: { model_block: { model_input: { type: 'plain_text_input', value: 'open-mistral-7b' } } },
    });
    expect(ok.status).toBe(200);
    expect(standin.view(opened.view.id)?.closed).toBe(true);
  });

  it('a trigger id used after the app already used it is refused', async () => {
    const r = await driver.command('create');
    await standin.waitFor((s) => s.callsTo('views.open').length === 1);
    const { client } = app;
    const err = await client.views
      .open({ trigger_id: r.triggerId, view: createModal })
      .catch((e: unknown) => e);
    expect((err as { data?: { error?: string } }).data?.error).toBe('expired_trigger_id');
  });
});

describe('modal stacks through Bolt', () => {
  it('an action inside a modal pushes a view; a submission ack updates it; closing clears the stack', async () => {
    await driver.command('', { command: '/modal-stack' });
    const root = await standin.waitFor((s) => s.lastView());
    await driver.blockAction({ actionId: 'push_estimate', viewId: root.view.id });
    const pushed = await standin.waitFor((s) => s.view(root.view.id)?.stack.length === 2 && s.lastView());
    expect(pushed.view).toMatchObject({ callback_id: VIEW.createEstimate, previous_view_id: root.view.id });

    const ack = await driver.viewSubmission({ view: pushed, values: {} });
    expect(ack.body).toMatchObject({ response_action: 'update' });
    expect(standin.view(pushed.view.id)?.view).toMatchObject({ title: { text: 'Started' } });

    const closed = await driver.viewClosed({ view: root, isCleared: true });
    expect(closed.status).toBe(200);
    expect(standin.view(pushed.view.id)?.closed).toBe(true);
    expect(standin.view(root.view.id)?.closed).toBe(true);
  });
});
