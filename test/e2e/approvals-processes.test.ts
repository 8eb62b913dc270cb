import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_SIGNING_SECRET } from '../../devtools/local-stack.js';
import { renderMessageText } from '../../devtools/render-text.js';
import { SlackDriver } from '../../devtools/slack-driver.js';
import { type SlackStandin, type StoredMessage, startSlackStandin } from '../../devtools/slack-standin.js';
import type { FineTuningBackend } from '../../src/backend/backend.js';
import { createMistralBackend } from '../../src/backend/mistral-backend.js';
import type { Job } from '../../src/domain/job.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { ACTION } from '../../src/views/ids.js';
import {
  type AppProcess,
  killAllAppProcesses,
  SANDBOX_KEY,
  startAppProcess,
} from '../helpers/app-process.js';
import { REDIS_SKIP, type RedisServer, startRedis } from '../helpers/redis.js';
import { eventually } from '../helpers/watch-fixtures.js';

/**
 * Approvals across real processes: a request made by one app process is approved through another
 * (after a SIGKILL and a restart on the same SQLite file), and two approvers clicking at once on
 * two instances sharing Redis start the job once. The sandbox clock moves only when the test says.
 */
const APPROVERS = 'U0APPROVEA,U0APPROVEB';
const ENV = { FINETUNE_APPROVAL_OVER: '1 USD', FINETUNE_APPROVERS: APPROVERS };
/** QUEUED 5 s + VALIDATING 10 s at speed 1: past this, a job created without auto start is VALIDATED. */
const TO_VALIDATED_MS = 16_000;

let standin: SlackStandin;
let sandbox: Sandbox;
let backend: FineTuningBackend;
let virtualNow = Date.now();
let dir: string;

beforeAll(async () => {
  standin = await startSlackStandin();
  sandbox = await startSandbox({ apiKey: SANDBOX_KEY, now: () => virtualNow });
  backend = createMistralBackend({ serverURL: sandbox.url, apiKey: SANDBOX_KEY, label: 'Mistral sandbox' });
  dir = mkdtempSync(join(tmpdir(), 'finetune-approvals-'));
});

afterAll(async () => {
  await killAllAppProcesses();
  await standin?.close();
  await sandbox?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const driverFor = (app: AppProcess) =>
  new SlackDriver({ appUrl: app.eventsUrl, signingSecret: LOCAL_SIGNING_SECRET, standin });

let made = 0;
async function validatedJob(): Promise<Job> {
  const file = (await backend.listFiles()).find((f) => f.filename === 'support-chat-train.jsonl');
  if (!file) throw new Error('the sandbox has no training file');
  const job = await backend.createJob({
    model: 'open-mistral-7b',
    training_files: [{ file_id: file.id }],
    hyperparameters: { training_steps: 10, learning_rate: 0.0001 },
    auto_start: false,
    suffix: `ap${++made}`,
  });
  virtualNow += TO_VALIDATED_MS;
  await eventually(async () => (await backend.getJob(job.id)).status === 'VALIDATED');
  return job;
}

const say = async (driver: SlackDriver, text: string, channel: string, user = 'U0000USER') => {
  const res = await driver.command(text, { channel, user });
  const body = await driver.waitForResponse(res.responseUrl, 1, 20_000);
  return renderMessageText(body as Parameters<typeof renderMessageText>[0]);
};

/** Watched here (the card), then `/finetune start`: the request in the card's thread. */
async function requestedStart(
  app: AppProcess,
  channel: string,
): Promise<{ job: Job; cardTs: string; request: StoredMessage }> {
  const job = await validatedJob();
  const driver = driverFor(app);
  expect(await say(driver, `watch ${job.id}`, channel)).toContain('Watching job');
  const card = await standin.waitFor(() =>
    standin.channelMessages(channel).find((m) => JSON.stringify(m.blocks).includes(job.id)),
  );
  expect(await say(driver, `start ${job.id}`, channel)).toContain('was not started yet');
  const request = await standin.waitFor(
    () =>
      standin
        .threadReplies(channel, card.ts)
        .find((m) => JSON.stringify(m.blocks).includes(ACTION.approvalApprove)),
    20_000,
  );
  return { job, cardTs: card.ts, request };
}

async function approve(
  app: AppProcess,
  channel: string,
  request: StoredMessage,
  user: string,
): Promise<string> {
  const value = JSON.stringify(request.blocks).match(/"value":"([a-f0-9]{16})"/)?.[1] as string;
  const driver = driverFor(app);
  const click = await driver.blockAction({
    actionId: ACTION.approvalApprove,
    value,
    channel,
    messageTs: request.ts,
    user,
  });
  expect(click.status).toBe(200);
  const body = await driver.waitForResponse(click.responseUrl as string, 1, 20_000);
  return renderMessageText(body as Parameters<typeof renderMessageText>[0]);
}

const started = (channel: string, cardTs: string) =>
  standin.threadReplies(channel, cardTs).filter((m) => m.text.includes('Training started by <@U0000USER>'));

describe('approvals across processes', () => {
  it('approves through a new process after the one that made the request was killed', async () => {
    const storeUrl = `sqlite://${join(dir, 'store.sqlite')}`;
    const opts = { slackApiUrl: standin.apiUrl, mistralServerUrl: sandbox.url, storeUrl, env: ENV };
    const first = await startAppProcess(opts);
    const channel = 'C0APPROCRASH';
    const { job, cardTs, request } = await requestedStart(first, channel);
    await first.kill();
    const second = await startAppProcess(opts);
    expect(await approve(second, channel, request, 'U0APPROVEA')).toContain('Approved by @U0APPROVEA');
    await standin.waitFor(() => started(channel, cardTs)[0], 20_000);
    expect((await backend.getJob(job.id)).status).not.toBe('VALIDATED');
    await second.stop();
  }, 90_000);

  it.skipIf(REDIS_SKIP)(
    'starts the job once when two approvers click at once on two instances',
    async () => {
      const redis: RedisServer = await startRedis();
      try {
        const opts = {
          slackApiUrl: standin.apiUrl,
          mistralServerUrl: sandbox.url,
          storeUrl: redis.url,
          env: ENV,
        };
        const [a, b] = await Promise.all([startAppProcess(opts), startAppProcess(opts)]);
        const channel = 'C0APPROTWO';
        const { job, cardTs, request } = await requestedStart(a, channel);
        const answers = await Promise.all([
          approve(a, channel, request, 'U0APPROVEA'),
          approve(b, channel, request, 'U0APPROVEB'),
        ]);
        expect(answers.filter((s) => /^✅|Approved by/.test(s) && !s.includes('Already'))).toHaveLength(1);
        expect(answers.filter((s) => /Already decided|deciding this request/.test(s))).toHaveLength(1);
        await standin.waitFor(() => started(channel, cardTs)[0], 20_000);
        expect((await backend.getJob(job.id)).status).not.toBe('VALIDATED');
        // One decision reply and one start announcement, whoever won.
        // (The request message itself now reads "Approved by …" too: it is edited, not counted.)
        const decided = standin
          .threadReplies(channel, cardTs)
          .filter((m) => String(m.metadata?.event_payload?.key).startsWith('approval-decision:'));
        expect(decided).toHaveLength(1);
        expect(decided[0]?.text).toContain('Approved by');
        expect(started(channel, cardTs)).toHaveLength(1);
        await Promise.all([a.stop(), b.stop()]);
      } finally {
        await redis.stop();
      }
    },
    120_000,
  );
});
