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
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import {
  type AppProcess,
  killAllAppProcesses,
  SANDBOX_KEY,
  startAppProcess,
} from '../helpers/app-process.js';
import { createFastJob, payloadOf, threadStatuses } from '../helpers/watch-fixtures.js';

/**
 * Watch settings, channel defaults and a mute live in the store: set through one process, they hold
 * in the next one started over the same SQLite file (the first one SIGKILLed, as in a crash).
 */
let standin: SlackStandin;
let sandbox: Sandbox;
let backend: FineTuningBackend;
let dir: string;
const ENDS = 'C0SETENDS';
const FAILS = 'C0SETFAILS';

beforeAll(async () => {
  standin = await startSlackStandin();
  sandbox = await startSandbox({ apiKey: SANDBOX_KEY, speed: 10 });
  backend = createMistralBackend({ serverURL: sandbox.url, apiKey: SANDBOX_KEY, label: 'Mistral sandbox' });
  dir = mkdtempSync(join(tmpdir(), 'finetune-settings-'));
});

afterAll(async () => {
  await killAllAppProcesses();
  await standin?.close();
  await sandbox?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const opts = () => ({
  slackApiUrl: standin.apiUrl,
  mistralServerUrl: sandbox.url,
  storeUrl: `sqlite://${join(dir, 'store.sqlite')}`,
  pollIntervalSeconds: 1,
});

async function ask(app: AppProcess, text: string, channel: string): Promise<string> {
  const driver = new SlackDriver({ appUrl: app.eventsUrl, signingSecret: LOCAL_SIGNING_SECRET, standin });
  const res = await driver.command(text, { channel, user: 'U0SETTER' });
  return renderMessageText((await driver.waitForResponse(res.responseUrl, 1, 20_000)) as never);
}

const cardOf = (channel: string, jobId: string) =>
  standin
    .channelMessages(channel)
    .find((m) => payloadOf(m)?.kind === 'card' && payloadOf(m)?.job_id === jobId) as StoredMessage;
const cardShows = (channel: string, jobId: string, status: string) =>
  standin.waitFor(
    () =>
      cardOf(channel, jobId) && standin.message(channel, cardOf(channel, jobId).ts)?.text.includes(status),
    30_000,
  );

describe('settings across a restart', () => {
  it('keep filtering, the channel defaults hold, and the mute ends with its summary', {
    timeout: 150_000,
  }, async () => {
    const first = await startAppProcess(opts());
    expect(await ask(first, 'settings only:terminal broadcast:never', ENDS)).toContain(
      'thread: only the end · end also sent to the channel: never',
    );
    const ends = await createFastJob(backend, { autoStart: false });
    const fails = await createFastJob(backend, { autoStart: false });
    expect(await ask(first, `watch ${ends.id}`, ENDS)).toContain('thread: only the end');
    expect(await ask(first, `watch ${fails.id} only:failures`, FAILS)).toContain('thread: only failures');
    expect(await ask(first, `mute ${fails.id} 2h`, FAILS)).toMatch(/Muted job/);
    await cardShows(ENDS, ends.id, 'VALIDATED');
    await cardShows(FAILS, fails.id, 'VALIDATED');
    await first.kill();

    const second = await startAppProcess(opts());
    await ask(second, `start ${ends.id}`, ENDS);
    await ask(second, `start ${fails.id}`, FAILS);
    await cardShows(ENDS, ends.id, 'SUCCESS');
    await cardShows(FAILS, fails.id, 'SUCCESS');
    const endReply = await standin.waitFor(
      () =>
        standin.threadReplies(ENDS, cardOf(ENDS, ends.id).ts).find((m) => payloadOf(m)?.kind === 'terminal'),
      30_000,
    );
    // Only the end, in the thread only: the settings written before the kill.
    expect(threadStatuses(standin.threadReplies(ENDS, cardOf(ENDS, ends.id).ts))).toEqual(['SUCCESS']);
    expect(endReply.subtype).toBeUndefined();
    // Muted, and a success is no failure: nothing at all in that thread.
    expect(standin.threadReplies(FAILS, cardOf(FAILS, fails.id).ts)).toEqual([]);
    expect(await ask(second, `unmute ${fails.id}`, FAILS)).toMatch(/Unmuted job/);
    const summary = await standin.waitFor(() =>
      standin
        .threadReplies(FAILS, cardOf(FAILS, fails.id).ts)
        .find((m) => payloadOf(m)?.status === 'MUTE_ENDED'),
    );
    expect(renderMessageText(summary as never)).toMatch(/nothing the thread would have got/);
    // The channel's defaults, set before the kill, are what a new watch there takes.
    const next = await createFastJob(backend, { autoStart: false });
    expect(await ask(second, `watch ${next.id}`, ENDS)).toContain('thread: only the end');
    await second.stop();
  });
});
