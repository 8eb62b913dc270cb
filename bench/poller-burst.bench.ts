import { maxPerWindow, type StoredMessage } from '../devtools/slack-standin.js';
import type { FineTuningBackend } from '../src/backend/backend.js';
import { pollOnce } from '../src/poller/poll-once.js';
import { startBenchStack } from './lib/app-stack.js';
import { seedWatches } from './lib/seed-watches.js';
import type { Benchmark, BenchResult } from './lib/types.js';

const JOBS = 100;
const CHANNEL = 'CBURST';
/** The channel with one job of its own, whose reply must not wait for the burst. */
const OTHER = 'COTHER';
const SPEED = 20;
// The poster's default gap between two posts in one channel (Slack allows about one per second).
const POST_GAP_MS = 1050;
const GOAL_OTHER_MS = 2_000;
/** The sandbox's seeded chat file that passes data validation. */
const TRAINING_FILE = 'support-chat-train.jsonl';

async function createJobs(backend: FineTuningBackend, count: number, tag: string): Promise<string[]> {
  const file = (await backend.listFiles()).find((f) => f.filename === TRAINING_FILE);
  if (!file) throw new Error(`the sandbox has no ${TRAINING_FILE}`);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const job = await backend.createJob({
      model: 'open-mistral-7b',
      training_files: [{ file_id: file.id }],
      // Long enough to stay RUNNING while the watches are seeded (30 s of sandbox time).
      hyperparameters: { training_steps: 200, learning_rate: 0.0001 },
      auto_start: true,
      // The sandbox refuses a job like one still live (409): a distinct suffix each.
      suffix: `${tag}-${i}`,
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
    const { backend } = stack.app.deps;
    const ids = await createJobs(backend, JOBS, 'burst');
    // Created last and seeded last: the last job of the pass, behind the whole burst.
    const [other] = (await createJobs(backend, 1, 'other')) as [string];
    offset += 1_500; // past the lead-in: every job RUNNING
    for (const id of [...ids, other]) {
      const { status } = await backend.getJob(id);
      if (status !== 'RUNNING') throw new Error(`job ${id} is ${status}, expected RUNNING`);
    }
    await seedWatches(
      stack,
      ids.map((jobId) => ({ jobId, channel: CHANNEL, live: true })),
    );
    await seedWatches(stack, [{ jobId: other, channel: OTHER, live: true }]);
    offset += 120_000; // every job has reached SUCCESS before the pass
    const started = Date.now();
    const report = await pollOnce(stack.app.pollDeps);
    const passMs = Date.now() - started;
    if (report.errors.length > 0)
      throw new Error(`pass errors: ${JSON.stringify(report.errors.slice(0, 3))}`);
    // The pass returns once the provider calls are done; its Slack posts drain by channel after.
    const delivery = await report.delivered;
    const deliveredMs = Date.now() - started;
    if (delivery.errors.length > 0)
      throw new Error(`delivery errors: ${JSON.stringify(delivery.errors.slice(0, 3))}`);

    // A parent with replies carries its own ts as thread_ts, as in Slack.
    const cards = stack.standin.channelMessages(CHANNEL).filter((m) => !m.thread_ts || m.thread_ts === m.ts);
    const ends = cards.flatMap((card) =>
      stack.standin.threadReplies(CHANNEL, card.ts).filter((m) => payloadOf(m)?.kind === 'terminal'),
    );
    const jobsEnded = new Set(ends.map((m) => payloadOf(m)?.job_id)).size;
    const posts = stack.standin.callsTo('chat.postMessage').filter((c) => c.at >= started);
    const burstTimes = posts.filter((c) => c.args.channel === CHANNEL).map((c) => c.at);
    const otherPost = posts.find((c) => c.args.channel === OTHER);
    if (!otherPost) throw new Error(`the job watched in ${OTHER} got no reply`);
    const otherMs = otherPost.at - started;
    const burstMs = Math.max(...burstTimes) - started;
    return {
      measurements: [
        {
          metric: 'terminal replies delivered in the burst channel',
          unit: 'posts',
          ours: ends.length,
          baseline: { label: 'jobs that ended', value: JOBS },
        },
        {
          metric: 'most posts in any 1 s window, burst channel',
          unit: 'posts',
          ours: maxPerWindow(burstTimes, 1000),
          baseline: { label: "Slack's limit per channel", value: 1 },
        },
        {
          metric: 'pass start → last burst reply',
          unit: 's',
          ours: burstMs / 1000,
          baseline: {
            label: `pacing floor: ${JOBS - 1} gaps of ${POST_GAP_MS} ms`,
            value: ((JOBS - 1) * POST_GAP_MS) / 1000,
          },
        },
        {
          metric: "pass start → the other channel's reply",
          unit: 'ms',
          ours: otherMs,
          baseline: { label: 'goal', value: GOAL_OTHER_MS },
        },
        {
          metric: "pass start → the other channel's reply",
          unit: 'ms',
          ours: otherMs,
          baseline: { label: 'pass start → last burst reply', value: burstMs },
        },
      ],
      notes: [
        `${JOBS} sandbox jobs watched in the one channel \`${CHANNEL}\` and one more in \`${OTHER}\` (created ` +
          'and seeded last, so last in the pass), all RUNNING when seeded, all reach SUCCESS between two ' +
          `passes; one \`pollOnce\` finds them. Production poster settings (${POST_GAP_MS} ms between posts in a ` +
          'channel, chat.update at 50/min after a burst of 20). SQLite store on disk.',
        `${jobsEnded} distinct jobs got their terminal reply in \`${CHANNEL}\`; ${report.getCalls} GET + ` +
          `${report.listCalls} list calls. \`pollOnce\` returned after ${(passMs / 1000).toFixed(1)} s and ` +
          `every post it started was sent after ${(deliveredMs / 1000).toFixed(1)} s (\`report.delivered\`).`,
        "Posts counted from the stand-in's record of `chat.postMessage` calls during the pass (the seeded " +
          'cards were posted before it). The burst cannot be shorter than the pacing floor: ' +
          `${JOBS} posts at one per second take over ${JOBS - 1} s, mostly asleep (little CPU).`,
      ],
    };
  } finally {
    await stack.close();
  }
}

const benchmark: Benchmark = {
  title: 'Poller burst: 100 jobs ending at once in one channel, one in another',
  description:
    'Every terminal reply is delivered, exactly once, at no more than one post per second in the busy ' +
    "channel (Slack's chat.postMessage limit per channel), and a reply in another channel does not wait " +
    'for that queue: it should come within 2 s of the pass start.',
  run,
};
export default benchmark;
