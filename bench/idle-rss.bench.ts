import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { LOCAL_BOT_TOKEN, LOCAL_SIGNING_SECRET } from '../devtools/local-stack.js';
import { type SlackStandin, startSlackStandin } from '../devtools/slack-standin.js';
import { ENTRY, ensureBuilt, NODE_ENV, NODE_FLAGS, ROOT } from '../scripts/build.mjs';
import { percentile } from './lib/stats.js';
import type { Benchmark, BenchResult, Measurement } from './lib/types.js';

const IDLE_MS = 5_000;
const ROUNDS = 3;
const BARE = join(ROOT, 'bench/lib/bare-bolt-main.mjs');

interface Variant {
  label: string;
  args: string[];
  /** Environment on top of the Slack settings every process gets. */
  env: (o: { mistralUrl: string }) => Record<string, string>;
}

const withKey = (o: { mistralUrl: string }) => ({ MISTRAL_API_KEY: 'x', MISTRAL_SERVER_URL: o.mistralUrl });

const VARIANTS: Variant[] = [
  { label: 'bare Bolt app', args: [BARE], env: () => ({}) },
  {
    label: 'node dist/main.js, Together key',
    args: [...NODE_FLAGS, ENTRY],
    env: (o) => ({
      FINETUNE_PROVIDER: 'together',
      TOGETHER_API_KEY: 'x',
      TOGETHER_BASE_URL: `${o.mistralUrl}/v1`,
    }),
  },
  {
    label: 'node dist/main.js, OpenAI-shaped key',
    args: [...NODE_FLAGS, ENTRY],
    env: (o) => ({ FINETUNE_PROVIDER: 'openai', OPENAI_API_KEY: 'x', OPENAI_BASE_URL: `${o.mistralUrl}/v1` }),
  },
  { label: 'node dist/main.js, Mistral key', args: [...NODE_FLAGS, ENTRY], env: withKey },
  { label: 'node dist/main.js, sandbox mode', args: [...NODE_FLAGS, ENTRY], env: () => ({}) },
  {
    label: 'tsx src/main.ts (npm run dev), Mistral key',
    args: ['--import', 'tsx', 'src/main.ts'],
    env: withKey,
  },
];

/** Resident set size of another process, from /proc (Linux), in MB. */
function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  if (!kb) throw new Error(`no VmRSS for ${pid}`);
  return Number(kb) / 1024;
}

/** Starts one variant and resolves once it logged that it is running. */
async function startVariant(v: Variant, env: Record<string, string>, cwd: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, v.args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (l) => stderr.push(l));
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`${v.label} did not start\n${stderr.join('\n')}`)), 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`${v.label} exited (${code})\n${stderr.join('\n')}`));
    });
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      if (/"msg":"(finetune-bot|bare bolt) is running"/.test(line)) {
        clearTimeout(timer);
        ready();
      }
    });
  });
  return child;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((done) => {
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}

/** One round: every variant started side by side, left idle, then sampled at the same moment. */
async function round(standin: SlackStandin, mistralUrl: string, cwd: string): Promise<number[]> {
  const children: ChildProcess[] = [];
  try {
    for (const [i, v] of VARIANTS.entries()) {
      const env = {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        SLACK_BOT_TOKEN: LOCAL_BOT_TOKEN,
        SLACK_SIGNING_SECRET: LOCAL_SIGNING_SECRET,
        SLACK_APP_TOKEN: '',
        SLACK_API_URL: standin.apiUrl,
        PORT: '0',
        STORE_URL: `sqlite://${join(cwd, `store-${i}.sqlite`)}`,
        LOG_LEVEL: 'info',
        // The compiled app as `npm start` runs it.
        ...(v.args.includes(ENTRY) ? NODE_ENV : {}),
        ...v.env({ mistralUrl }),
      };
      // One at a time: start-up is CPU-bound and this machine has two cores.
      // tsx resolves from the working directory; the compiled app must not need the repo as its cwd.
      children.push(await startVariant(v, env, v.args.includes('tsx') ? ROOT : cwd));
    }
    await new Promise((r) => setTimeout(r, IDLE_MS));
    return children.map((c) => rssOf(c.pid as number));
  } finally {
    await Promise.all(children.map(stopChild));
  }
}

async function run(): Promise<BenchResult> {
  ensureBuilt();
  const standin = await startSlackStandin();
  // Where MISTRAL_SERVER_URL points: it counts connections, to show nothing calls Mistral at idle.
  let mistralConnections = 0;
  const mistral: Server = createServer((s) => {
    mistralConnections++;
    s.destroy();
  });
  await new Promise<void>((r) => mistral.listen(0, '127.0.0.1', () => r()));
  const address = mistral.address();
  const mistralUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const cwd = mkdtempSync(join(tmpdir(), 'idle-rss-'));
  const samples: number[][] = VARIANTS.map(() => []);
  try {
    for (let r = 0; r < ROUNDS; r++) {
      const rss = await round(standin, mistralUrl, cwd);
      for (const [i, mb] of rss.entries()) samples[i]?.push(mb);
    }
  } finally {
    await standin.close();
    await new Promise((r) => mistral.close(() => r(undefined)));
    rmSync(cwd, { recursive: true, force: true });
  }
  const medians = samples.map((s) => percentile(s, 50));
  const bare = medians[0] ?? 0;
  const measurements: Measurement[] = VARIANTS.slice(1).map((v, i) => ({
    metric: `idle RSS, ${v.label}`,
    unit: 'MB',
    ours: medians[i + 1] ?? 0,
    baseline: { label: 'bare Bolt app, own process', value: bare },
  }));
  return {
    measurements,
    notes: [
      `Each process started with \`node\` (${process.version}) in turn, then all left idle ${IDLE_MS / 1000} s and ` +
        `their VmRSS read from /proc at the same moment; median of ${ROUNDS} rounds. No forced GC.`,
      'Every process talks to one Slack Web API stand-in running in the benchmark process (a third ' +
        'process); HTTP mode on an ephemeral port; SQLite store in a temp dir; the app with its cron poller on.',
      'The bare app (`bench/lib/bare-bolt-main.mjs`) is Bolt 5.1.0 with the same HTTPReceiver and signing ' +
        'secret, listeners that only ack, in plain JavaScript so no TypeScript loader is counted.',
      `"… key": that provider configured with a key, its base URL at a local listener that counts connections: ` +
        `${mistralConnections} during the idle periods (no watches, so nothing calls a provider). "Sandbox mode": ` +
        'no key, so the built-in sandbox (Mistral dialect, the default provider) runs in the same process.',
      "Only the configured provider's adapter and SDK are loaded, at start: the Mistral SDK 2.4.0 is about " +
        '70–110 MB resident with its response schemas (`bench/lib/import-rss.mjs`), together-ai and openai far ' +
        'less. Loading the Mistral SDK on the first call instead was tried and dropped: under load that late ' +
        'dynamic import sometimes never settled.',
      `Raw samples (MB): ${VARIANTS.map((v, i) => `${v.label}: ${samples[i]?.map((x) => x.toFixed(0)).join(', ')}`).join('; ')}.`,
    ],
  };
}

const benchmark: Benchmark = {
  title: 'Idle memory of the compiled app',
  description:
    '`npm start` runs the compiled `dist/main.js` with `node` and its heap flags (each variant below too). The aim is idle memory within 1.4× ' +
    "a bare Bolt app; only the configured provider's SDK is loaded, and the sandbox only without a key.",
  run,
};
export default benchmark;
