import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { LOCAL_SIGNING_SECRET } from '../../devtools/local-stack.js';
import { SlackDriver } from '../../devtools/slack-driver.js';
import { type SlackStandin, type StoredMessage, startSlackStandin } from '../../devtools/slack-standin.js';
import type { FineTuningBackend } from '../../src/backend/backend.js';
import { createMistralBackend } from '../../src/backend/mistral-backend.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { mulberry32 } from '../../src/sandbox/prng.js';
import { killAllAppProcesses, SANDBOX_KEY, startAppProcess } from '../helpers/app-process.js';
import { createFastJob, payloadOf } from '../helpers/watch-fixtures.js';

/**
 * Crash safety of the watch feature across real processes: the app is SIGKILLed (no shutdown hook)
 * at a random point of a watched job's life and started again on the same SQLite store; the channel
 * must still get every status change once, and the end once.
 */
const TRIALS = 20;
// Four app processes at a time: each start costs seconds of CPU on a 2-core machine.
const PARALLEL = 4;
const SEED = 0x5eed_2026;
const SPEED = 6;
const STEPS = 4;
// The job's life at this speed: 18 s of lead-in plus 3 s per step, divided by SPEED.
const JOB_LIFE_MS = ((18 + 3 * STEPS) * 1000) / SPEED;
const LIFECYCLE = ['QUEUED', 'VALIDATING', 'VALIDATED', 'STARTED', 'RUNNING', 'SUCCESS'];

const rng = mulberry32(SEED);
const killAfterMs = Array.from({ length: TRIALS }, () => Math.floor(rng() * JOB_LIFE_MS));

let standin: SlackStandin;
let sandbox: Sandbox;
let backend: FineTuningBackend;
let dir: string;

beforeAll(async () => {
  standin = await startSlackStandin();
  sandbox = await startSandbox({ apiKey: SANDBOX_KEY, speed: SPEED });
  backend = createMistralBackend({ serverURL: sandbox.url, apiKey: SANDBOX_KEY, label: 'Mistral sandbox' });
  dir = mkdtempSync(join(tmpdir(), 'finetune-restart-'));
});

/** What each trial's kill hit, printed at the end: the random points should cover the whole life. */
const summary: { trial: number; killAt: number; atKill: string; adopted: number }[] = [];

afterAll(async () => {
  console.log(
    `[restart] job status when killed: ${summary
      .sort((x, y) => x.trial - y.trial)
      .map((t) => `#${t.trial} ${t.atKill}${t.adopted ? ` (${t.adopted} adopted)` : ''}`)
      .join(', ')}`,
  );
  await killAllAppProcesses();
  await standin?.close();
  await sandbox?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** At most `n` trials at once. */
function limiter(n: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (running >= n) await new Promise<void>((go) => waiting.push(go));
    running++;
    try {
      return await work();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}
const slot = limiter(PARALLEL);

const cardIn = (channel: string, jobId: string): StoredMessage | undefined =>
  standin
    .channelMessages(channel)
    .find((m) => payloadOf(m)?.kind === 'card' && payloadOf(m)?.job_id === jobId);

/** Transition and terminal replies in the card's thread, by their metadata. */
function statusReplies(channel: string, cardTs: string): StoredMessage[] {
  return standin.threadReplies(channel, cardTs).filter((m) => {
    const kind = payloadOf(m)?.kind;
    return kind === 'transition' || kind === 'terminal';
  });
}

describe.concurrent('SIGKILL at a random point of a watched job, then a restart on the same store', () => {
  for (let i = 0; i < TRIALS; i++) {
    const killAt = killAfterMs[i] as number;
    it(`trial ${i + 1}: killed ${killAt} ms after the watch began`, { timeout: 170_000 }, ({ expect }) =>
      slot(async () => {
        const channel = `C0RESTART${i}`;
        const opts = {
          slackApiUrl: standin.apiUrl,
          mistralServerUrl: sandbox.url,
          storeUrl: `sqlite://${join(dir, `store-${i}.sqlite`)}`,
          pollIntervalSeconds: 1,
        };
        const first = await startAppProcess(opts);
        const driver = new SlackDriver({
          appUrl: first.eventsUrl,
          signingSecret: LOCAL_SIGNING_SECRET,
          standin,
        });
        const job = await createFastJob(backend, { steps: STEPS });
        const res = await driver.command(`watch ${job.id}`, { channel });
        expect(JSON.stringify(await driver.waitForResponse(res.responseUrl, 1, 20_000))).toContain(
          'Watching job',
        );

        await sleep(killAt);
        await first.kill();
        const atKill = (await backend.getJob(job.id)).status;
        const second = await startAppProcess(opts);
        const card = cardIn(channel, job.id);
        expect(card, 'the card was posted before the kill').toBeDefined();
        const cardTs = (card as StoredMessage).ts;
        await standin.waitFor(
          () => statusReplies(channel, cardTs).find((m) => payloadOf(m)?.kind === 'terminal'),
          60_000,
        );
        // The final loss chart follows the terminal summary in the thread.
        await standin.waitFor(
          () =>
            standin
              .threadReplies(channel, cardTs)
              .some((m) => m.files?.some((f) => f.name.includes('-final-'))),
          30_000,
        );
        // Two more poll intervals: a duplicate would come from a pass that redoes a post.
        await sleep(2_500);
        await second.kill();
        const adopted = second.logs.filter((l) => l.msg === 'adopted a post made before a restart').length;
        summary.push({ trial: i + 1, killAt, atKill, adopted });

        const replies = statusReplies(channel, cardTs);
        const statuses = replies.map((m) => String(payloadOf(m)?.status));
        // The card showed the job as it was when the watch began; every later status comes once, in order.
        const from = LIFECYCLE.indexOf(String(payloadOf(card as StoredMessage)?.status));
        expect(statuses).toEqual(LIFECYCLE.slice(from + 1));
        // A success stays in the thread (the default broadcasts failures only).
        expect(replies.filter((m) => m.subtype === 'thread_broadcast')).toEqual([]);
        expect(standin.channelMessages(channel).filter((m) => payloadOf(m)?.kind === 'card')).toHaveLength(1);
        // Loss charts are uploads (no metadata, no ts back): each is in the thread once, by file name.
        const charts = standin
          .threadReplies(channel, cardTs)
          .flatMap((m) => m.files ?? [])
          .map((f) => f.name);
        expect(new Set(charts).size).toBe(charts.length);
        expect(charts.filter((n) => n.includes('-final-'))).toHaveLength(1);
      }),
    );
  }
});
