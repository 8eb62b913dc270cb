import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type LocalStack, startLocalStack } from '../../devtools/local-stack.js';
import type { FineTuningBackend } from '../../src/backend/backend.js';
import type { JobDetails } from '../../src/domain/job.js';
import { noJobInMessageSentence } from '../../src/shortcuts/watch-message.js';
import { MALFORMED_SHORTCUT_SENTENCE } from '../../src/slack/payload-schemas.js';
import { ACTION, SHORTCUT } from '../../src/views/ids.js';
import { checkMessage, visibleText } from '../helpers/block-kit.js';

/**
 * Links that unfurl and the *Watch this job here* shortcut, end to end on every provider's wire
 * format (the sandbox in that provider's dialect behind its real adapter): a person posts a console
 * link, Slack sends a signed `link_shared`, the app answers with `chat.unfurl`; buttons on the unfurl
 * and the message shortcut arrive as signed interaction payloads.
 */
const PROVIDERS = [
  {
    name: 'mistral',
    env: {},
    consoleUrl: (id: string) => `https://console.mistral.ai/build/finetuned-models/${id}`,
  },
  {
    name: 'together',
    env: { FINETUNE_PROVIDER: 'together' },
    consoleUrl: (id: string) => `https://api.together.ai/fine-tuning/${id}`,
  },
  {
    name: 'openai',
    env: { FINETUNE_PROVIDER: 'openai' },
    consoleUrl: (id: string) => `https://platform.openai.com/finetune/${id}?filter=all`,
  },
] as const;

type Body = Record<string, unknown>;

function actionIds(blocks: unknown): string[] {
  return (
    JSON.stringify(blocks)
      .match(/"action_id":"[^"]+"/g)
      ?.map((s) => s.slice(13, -1)) ?? []
  );
}

describe.each(PROVIDERS)('on $name', ({ env, consoleUrl }) => {
  let stack: LocalStack;
  let backend: FineTuningBackend;
  let job: JobDetails;
  const CHANNEL = 'C0UNFURL1';
  const USER = 'U0PASTER';

  beforeAll(async () => {
    stack = await startLocalStack({ env: { WANDB_ENTITY: 'acme', ...env }, poller: false });
    stack.standin.validatePayload = (kind, payload) =>
      kind === 'message' ? checkMessage({ text: 'fallback', blocks: payload as never }) : [];
    backend = stack.app.deps.backend;
    const file = (await backend.listFiles()).find((f) => f.filename === 'support-chat-train.jsonl');
    if (!file) throw new Error('the sandbox has no training file');
    const created = await backend.createJob({
      model: (await backend.listModels()).find((m) => m.fine_tunable)?.id ?? 'open-mistral-7b',
      training_files: [{ file_id: file.id }],
      hyperparameters: { epochs: 1 },
      suffix: 'unfurl',
      integrations: [
        {
          type: 'wandb',
          project: 'support-bot',
          api_key: backend.capabilities.wandb.perJobKey ? 'k'.repeat(40) : '',
        },
      ],
      auto_start: true,
    });
    job = await backend.getJob(created.id);
  });

  afterAll(async () => {
    await stack?.close();
  });

  describe('a pasted console link', () => {
    let messageTs: string;
    let url: string;

    it('unfurls into a compact card: status, model, W&B link and Watch here', async () => {
      url = consoleUrl(job.id);
      const res = await stack.driver.shareLinks({
        text: `training is going: <${url}>`,
        channel: CHANNEL,
        user: USER,
      });
      expect(res.status).toBe(200);
      messageTs = res.message.ts;
      const unfurl = await stack.standin.waitFor((s) => s.unfurlsOf(CHANNEL, messageTs));
      const blocks = unfurl.unfurls[url]?.blocks;
      expect(blocks).toBeDefined();
      const text = visibleText(blocks ?? []);
      expect(text).toContain(job.status);
      expect(text).toContain(job.model);
      expect(text).toContain(job.id);
      expect(text).toContain('support-bot');
      expect(JSON.stringify(blocks)).toContain('https://wandb.ai/acme/support-bot');
      expect(actionIds(blocks)).toEqual([ACTION.jobWatch]);
      expect(checkMessage({ text: 'fallback', blocks })).toEqual([]);
      const [call] = stack.standin.callsTo('chat.unfurl');
      expect(call?.args.channel).toBe(CHANNEL);
      expect(call?.args.ts).toBe(messageTs);
    });

    it('Watch here on the unfurl posts the job card in that channel and tells the clicker', async () => {
      const res = await stack.driver.unfurlAction({
        messageTs,
        url,
        actionId: ACTION.jobWatch,
        channel: CHANNEL,
        user: USER,
      });
      expect(res.status).toBe(200);
      const answer = await stack.driver.waitForResponse(res.responseUrl as string);
      expect(answer.response_type).toBe('ephemeral');
      expect(answer.replace_original).toBe(false);
      expect(visibleText(answer as never)).toContain(`Watching job`);
      const card = await stack.standin.waitFor((s) =>
        s.channelMessages(CHANNEL).find((m) => m.bot_id && JSON.stringify(m.blocks).includes(job.id)),
      );
      expect(actionIds(card.blocks)).toContain(ACTION.jobRefresh);
      // The person's message is theirs: untouched, its unfurl still there.
      const mine = stack.standin.message(CHANNEL, messageTs);
      expect(mine?.edited).toBeUndefined();
      expect(stack.standin.unfurlsOf(CHANNEL, messageTs)?.unfurls[url]).toBeDefined();
    });

    it('is not unfurled in a DM or a composer preview, nor when it names no job the provider knows', async () => {
      const before = stack.standin.callsTo('chat.unfurl').length;
      const unknown = job.id.replace(/[0-9a-f](?=[^0-9a-f]*$)/i, (c) => (c === '0' ? '1' : '0'));
      await stack.driver.shareLinks({ text: `<${consoleUrl(job.id)}>`, channel: 'D0DIRECT1', user: USER });
      await stack.driver.shareLinks({
        text: `<${consoleUrl(job.id)}>`,
        channel: CHANNEL,
        user: USER,
        source: 'composer',
      });
      await stack.driver.shareLinks({ text: `<${consoleUrl(unknown)}>`, channel: CHANNEL, user: USER });
      await vi.waitFor(() => expect(stack.logs.join('')).toContain('no job for a console link'), {
        timeout: 15_000,
      });
      expect(stack.standin.callsTo('chat.unfurl')).toHaveLength(before);
    });

    it('a refused chat.unfurl is logged and the app goes on', async () => {
      stack.standin.injectFault({ method: 'chat.unfurl', error: 'cannot_unfurl_url' });
      const res = await stack.driver.shareLinks({
        text: `<${consoleUrl(job.id)}>`,
        channel: CHANNEL,
        user: USER,
      });
      expect(res.status).toBe(200);
      await vi.waitFor(() => expect(stack.logs.join('')).toContain('chat.unfurl failed'), {
        timeout: 15_000,
      });
      expect(stack.standin.unfurlsOf(CHANNEL, res.message.ts)).toBeUndefined();
      const help = await stack.driver.command('help', { channel: CHANNEL, user: USER });
      expect(help.status).toBe(200);
    });
  });

  it('a malformed link_shared event is acknowledged and logged, and unfurls nothing', async () => {
    const before = stack.standin.callsTo('chat.unfurl').length;
    const res = await stack.driver.event({
      type: 'link_shared',
      channel: CHANNEL,
      message_ts: '1.2',
      links: 'nope',
    });
    expect(res.status).toBe(200);
    await vi.waitFor(() => expect(stack.logs.join('')).toContain('malformed link_shared event'), {
      timeout: 15_000,
    });
    expect(stack.standin.callsTo('chat.unfurl')).toHaveLength(before);
  });

  describe('the Watch this job here shortcut', () => {
    const SHORTCUT_CHANNEL = 'C0UNFURL2';

    async function useShortcut(text: string): Promise<Body> {
      const message = stack.standin.postUserMessage({ channel: SHORTCUT_CHANNEL, user: USER, text });
      const res = await stack.driver.messageShortcut({
        callbackId: SHORTCUT.watchHere,
        messageTs: message.ts,
        channel: SHORTCUT_CHANNEL,
        user: USER,
      });
      expect(res.status).toBe(200);
      return stack.driver.waitForResponse(res.responseUrl);
    }

    it('on a message naming a job id watches that job in the channel', async () => {
      const answer = await useShortcut(`can someone keep an eye on ${job.id}? it is the support bot run`);
      expect(answer.response_type).toBe('ephemeral');
      expect(visibleText(answer as never)).toContain(`Watching job`);
      expect(checkMessage(answer as never)).toEqual([]);
      const card = await stack.standin.waitFor((s) =>
        s
          .channelMessages(SHORTCUT_CHANNEL)
          .find((m) => m.bot_id && JSON.stringify(m.blocks).includes(job.id)),
      );
      expect(actionIds(card.blocks)).toContain(ACTION.jobRefresh);
    });

    it('on a message with the console link finds the job too (already watched here: said so)', async () => {
      const answer = await useShortcut(`dashboard: <${consoleUrl(job.id)}|the run>`);
      expect(visibleText(answer as never)).toContain('is already watched in');
      const cards = stack.standin
        .channelMessages(SHORTCUT_CHANNEL)
        .filter((m) => m.bot_id && JSON.stringify(m.blocks).includes(job.id));
      expect(cards).toHaveLength(1);
    });

    it('a malformed shortcut payload is answered as bad input, nothing watched', async () => {
      const responseUrl = stack.standin.newResponseUrl({ channel: SHORTCUT_CHANNEL, user: USER });
      const res = await stack.driver.interaction(
        { type: 'message_action', callback_id: SHORTCUT.watchHere, response_url: responseUrl, message: 'x' },
        { user: USER },
      );
      expect(res.status).toBe(200);
      const answer = await stack.driver.waitForResponse(responseUrl);
      expect(answer.text).toBe(MALFORMED_SHORTCUT_SENTENCE);
    });

    it('on a message naming no job says so and watches nothing', async () => {
      const before = stack.standin.channelMessages(SHORTCUT_CHANNEL).length;
      const answer = await useShortcut('lunch at noon? the usual place');
      expect(answer.response_type).toBe('ephemeral');
      expect(visibleText(answer as never)).toContain(
        visibleText([{ text: noJobInMessageSentence(backend.label) }] as never),
      );
      expect(stack.standin.channelMessages(SHORTCUT_CHANNEL)).toHaveLength(before + 1);
    });
  });

  describe('every payload the app sent', () => {
    it('passed the Block Kit schema and the limits the schema leaves out', () => {
      expect(stack.standin.payloadProblems).toEqual([]);
    });
  });
});
