import type { SlackStandin } from '../devtools/slack-standin.js';
import type { FineTuningBackend } from '../src/backend/backend.js';
import { pollOnce } from '../src/poller/poll-once.js';
import type { PosterOptions } from '../src/watch/slack-poster.js';
import { startBenchStack } from './lib/app-stack.js';
import { seedWatches } from './lib/seed-watches.js';
import type { Benchmark, BenchResult } from './lib/types.js';

const RUNNING_JOBS = 50;
const SPEED = 20;
// The default POLL_INTERVAL_SECONDS.
const INTERVAL_MS = 30_000;
const TRAINING_FILE = 'support-chat-train.jsonl';

interface Outcome {
  tickMs: number;
  /** From the start of the tick to the ended job's terminal reply. */
  terminalMs: number;
  /** From the start of the tick to the edit that shows the ended job's card in its final state. */
  cardMs: number;
  /** Card edits sent while the tick ran, and queued by it in all. */
  updatesInTick: number;
  edits: number;
}

async function createJob(backend: FineTuningBackend, steps: number, suffix: string): Promise<string> {
  const file = (await backend.listFiles()).find((f) => f.filename === TRAINING_FILE);
  if (!file) throw new Error(`the sandbox has no ${TRAINING_FILE}`);
  const job = await backend.createJob({
    model: 'open-mistral-7b',
    training_files: [{ file_id: file.id }],
    hyperparameters: { training_steps: steps, learning_rate: 0.0001 },
    auto_start: true,
    suffix,
  });
  return job.id;
}

/**
 * The first tick after a (re)start: every card is edited once (the last shown card is kept in memory
 * only), and one watched job has ended meanwhile. It is the last in the store's order, so its
 * terminal reply comes after every other job's card edit.
 */
async function firstTickAfterRestart(posterOptions: PosterOptions): Promise<Outcome> {
  let offset = 0;
  const stack = await startBenchStack({
    sandboxOptions: { speed: SPEED, now: () => Date.now() + offset },
    posterOptions,
  });
  try {
    const backend = stack.app.deps.backend;
    const ids: string[] = [];
    for (let i = 0; i < RUNNING_JOBS; i++) ids.push(await createJob(backend, 2_000, `long-${i}`));
    const ending = await createJob(backend, 20, 'ending');
    offset += 1_500; // every job RUNNING
    // One at a time, so the store's order (the tick's order) is the seeding order.
    await seedWatches(
      stack,
      [...ids, ending].map((jobId, i) => ({ jobId, channel: `CEDIT${i}`, live: true })),
      1,
    );
    offset += 10_000; // the short job has ended; the others train on
    const channel = `CEDIT${RUNNING_JOBS}`;
    const started = Date.now();
    const report = await pollOnce(stack.app.pollDeps);
    const tickMs = Date.now() - started;
    if (report.errors.length > 0)
      throw new Error(`tick errors: ${JSON.stringify(report.errors.slice(0, 3))}`);
    // The pass does not wait for its posts: the terminal reply goes out as its channel's queue allows.
    const delivery = await report.delivered;
    if (delivery.errors.length > 0)
      throw new Error(`delivery errors: ${JSON.stringify(delivery.errors.slice(0, 3))}`);
    const end = stack.standin
      .callsTo('chat.postMessage')
      .find(
        (c) =>
          c.args.channel === channel &&
          c.at >= started &&
          (c.args.metadata as { event_payload?: { kind?: unknown } } | undefined)?.event_payload?.kind ===
            'terminal',
      );
    if (!end) throw new Error('the ended job got no terminal reply');
    const cardAt = await waitForCardEdit(stack.standin, channel, started);
    await stack.app.pollDeps.poster.idle();
    return {
      tickMs,
      terminalMs: end.at - started,
      cardMs: cardAt - started,
      updatesInTick: report.updates,
      edits: stack.standin.callsTo('chat.update').filter((c) => c.at >= started).length,
    };
  } finally {
    await stack.close();
  }
}

/** When the card of `channel` was edited after `since` (edits are paced apart from the tick). */
async function waitForCardEdit(standin: SlackStandin, channel: string, since: number): Promise<number> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const edit = standin.callsTo('chat.update').find((c) => c.args.channel === channel && c.at >= since);
    if (edit) return edit.at;
    if (Date.now() > deadline) throw new Error(`the card in ${channel} was never edited`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function run(): Promise<BenchResult> {
  const unpaced = await firstTickAfterRestart({ updatesPerMinute: 1e7, updateBurst: 1e5 });
  const paced = await firstTickAfterRestart({});
  const baseline = { label: 'same tick, card edits unpaced' };
  return {
    measurements: [
      {
        metric: 'first tick after a restart',
        unit: 'ms',
        ours: paced.tickMs,
        baseline: { ...baseline, value: unpaced.tickMs },
      },
      {
        metric: 'first tick after a restart',
        unit: 'ms',
        ours: paced.tickMs,
        baseline: { label: 'poll interval (default)', value: INTERVAL_MS },
      },
      {
        metric: 'status change → its reply',
        unit: 'ms',
        ours: paced.terminalMs,
        baseline: { ...baseline, value: unpaced.terminalMs },
      },
      {
        metric: "status change → the job's card shows it",
        unit: 'ms',
        ours: paced.cardMs,
        baseline: { ...baseline, value: unpaced.cardMs },
      },
      {
        metric: 'all card edits of the tick sent',
        unit: 'edits',
        ours: paced.edits,
        baseline: { label: 'sent while the tick ran', value: paced.updatesInTick },
      },
    ],
    notes: [
      `${RUNNING_JOBS + 1} watched jobs, one card each in its own channel: ${RUNNING_JOBS} RUNNING and one that ` +
        "ended while the app was down, last in the tick's order (the worst place). Production poster settings (chat.update: 50 per minute after a burst " +
        `of 20; posts: one per second per channel).`,
      "A running job's card changes on every tick (its progress), and chat.update allows about 50 edits a " +
        'minute, so past ~25 running watched cards the edits of one tick outlast the 30 s interval. The tick ' +
        'therefore only queues card edits (paced, coalesced per card) and posts status replies at once; an edit ' +
        "that changes the status a card shows goes before the progress edits, so the ended job's card is " +
        'corrected right after the burst instead of after every other card.',
      'The baseline is the same scenario with chat.update unpaced (`posterOptions`), measured in the same run.',
    ],
  };
}

const benchmark: Benchmark = {
  title: 'Poller: status changes ahead of paced card edits',
  description:
    'How long a status change waits for its thread reply and for its card when the tick also has to ' +
    "edit the cards of running jobs at Slack's chat.update pace.",
  run,
};
export default benchmark;
