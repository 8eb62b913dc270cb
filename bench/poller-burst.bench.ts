import { maxPerWindow, type StoredMessage } from '../devtools/slack-standin.js';
import type { FineTuningBackend } from '../src/backend/backend.js';
import { pollOnce } from '../src/poller/poll-once.js';
import { startBenchStack } from './lib/app-stack.js';
import { seedWatches } from './lib/seed-watches.js';
import type { Benchmark, BenchResult } from './lib/types.js';

const JOBS = 100;
const CHANNEL = 'CBURST';
const SPEED = 20;
// The poster's default gap between two posts in one channel (Slack allows about one per second).
const POST_GAP_MS = 1050;
/** The sandbox's seeded chat file that passes data validation. */
const TRAINING_FILE = 'support-chat-train.jsonl';

async function createJobs(backend: FineTuningBackend): Promise<string[]> {
  const file = (await backend.listFiles()).find((f) => f.filename === TRAINING_FILE);
  if (!file) throw new Error(`the sandbox has no ${TRAINING_FILE}`);
  const ids: string[] = [];
  for (let i = 0; i < JOBS; i++) {
    const job = await backend.createJob({
      model: 'open-mistral-7b',
      training_files: [{ file_id: file.id }],
      // Long enough to stay RUNNING while the watches are seeded (30 s of sandbox time).
      hyperparameters: { training_steps: 200, learning_rate: 0.0001 },
      auto_start: true,
      // The sandbox refuses a job like one still live (409): a distinct suffix each.
      suffix: `burst-${i}`,
    });
    ids.push(job.id);
  }
  return ids;
}

const payloadOf = (m: StoredMessage) => m.metadata?.event_payload;

async function run(): Promise<BenchResult> {
  // Only the sandbox's clock jumps (to make the jobs RUNNING, then all finished); the app keeps real time.
  let offset = 0;
  const stack = await startBenchStack({ sandboxOptions: { speed: SPEED, now: () => Date.now() + offset } });
  try {
    const ids = await createJobs(stack.app.deps.backend);
    offset += 1_500; // past the lead-in: every job RUNNING
    for (const id of ids) {
      const { status } = await stack.app.deps.backend.getJob(id);
      if (status !== 'RUNNING') throw new Error(`job ${id} is ${status}, expected RUNNING`);
    }
    await seedWatches(
      stack,
      ids.map((jobId) => ({ jobId, channel: CHANNEL, live: true })),
    );
    offset += 120_000; // every job has reached SUCCESS before the next tick
    const started = Date.now();
    const report = await pollOnce(stack.app.pollDeps);
    const seconds = (Date.now() - started) / 1000;
    if (report.errors.length > 0)
      throw new Error(`tick errors: ${JSON.stringify(report.errors.slice(0, 3))}`);

    // A parent with replies carries its own ts as thread_ts, as in Slack.
    const cards = stack.standin.channelMessages(CHANNEL).filter((m) => !m.thread_ts || m.thread_ts === m.ts);
    const ends = cards.flatMap((card) =>
      stack.standin.threadReplies(CHANNEL, card.ts).filter((m) => payloadOf(m)?.kind === 'terminal'),
    );
    const jobsEnded = new Set(ends.map((m) => payloadOf(m)?.job_id)).size;
    const broadcast = ends.filter((m) => m.subtype === 'thread_broadcast').length;
    const postTimes = stack.standin
      .callsTo('chat.postMessage')
      .filter((c) => c.args.channel === CHANNEL && c.at >= started)
      .map((c) => c.at);
    return {
      measurements: [
        {
          metric: 'terminal replies delivered',
          unit: 'posts',
          ours: ends.length,
          baseline: { label: 'jobs', value: JOBS },
        },
        {
          metric: 'most posts in any 1 s window',
          unit: 'posts',
          ours: maxPerWindow(postTimes, 1000),
          baseline: { label: "Slack's limit per channel", value: 1 },
        },
        {
          metric: 'time to deliver every reply',
          unit: 's',
          ours: seconds,
          baseline: {
            label: `${JOBS - 1} gaps of ${POST_GAP_MS} ms`,
            value: ((JOBS - 1) * POST_GAP_MS) / 1000,
          },
        },
      ],
      notes: [
        `${JOBS} sandbox jobs, each watched in the one channel \`${CHANNEL}\` (watches seeded while RUNNING), ` +
          `reach SUCCESS between two ticks; one \`pollOnce\` delivers everything. Production poster settings ` +
          `(${POST_GAP_MS} ms between posts in a channel, chat.update at 50/min after a burst of 20).`,
        `${jobsEnded} distinct jobs got their terminal reply, ${broadcast} of them broadcast to the channel; ` +
          `${report.getCalls} GET + ${report.listCalls} list calls; ${report.updates} card edits.`,
        "Posts counted from the stand-in's record of `chat.postMessage` calls to the channel during the tick " +
          '(the seeded cards were posted before it). This benchmark cannot be shorter than the pacing floor: ' +
          `${JOBS} posts at one per second take over ${JOBS - 1} s, mostly asleep (little CPU).`,
      ],
    };
  } finally {
    await stack.close();
  }
}

const benchmark: Benchmark = {
  title: 'Poller burst: 100 jobs finishing at once in one channel',
  description:
    'Every terminal reply is delivered, exactly once, while the channel never gets more than one post per ' +
    "second (Slack's chat.postMessage limit per channel).",
  run,
};
export default benchmark;
