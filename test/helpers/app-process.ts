import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { LOCAL_BOT_TOKEN, LOCAL_SIGNING_SECRET } from '../../devtools/local-stack.js';
import { NODE_ENV, NODE_FLAGS } from '../../scripts/build.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const READY_MESSAGE = 'finetune-bot is running';

export interface AppProcessOptions {
  /** The Slack stand-in's `apiUrl`. */
  slackApiUrl: string;
  /** A sandbox's `url` (started with `apiKey: SANDBOX_KEY`). */
  mistralServerUrl: string;
  /** `sqlite://…` or `redis://…`; reuse it to restart on the same store. */
  storeUrl: string;
  pollIntervalSeconds?: number;
  /** Extra or overriding environment variables. */
  env?: Record<string, string>;
  /** How long start-up may take (the SDKs take seconds on a busy 2-core machine). */
  readyTimeoutMs?: number;
}

export interface AppProcess {
  readonly pid: number;
  /** Where to send signed requests (from the app's start-up log line). */
  readonly eventsUrl: string;
  /** Every JSON log line so far, parsed (non-JSON lines are kept as `{ raw }`). */
  readonly logs: Record<string, unknown>[];
  readonly stderr: string[];
  /** Resolves when the process has exited, however it ended. */
  readonly exited: Promise<void>;
  /** SIGKILL: no shutdown hook runs, as in a crash or an OOM kill. */
  kill(): Promise<void>;
  /** SIGTERM: the app's own graceful shutdown. */
  stop(): Promise<void>;
}

export const SANDBOX_KEY = 'sandbox-key';

// Every child this module started and that is still alive, so a failed test never leaks one.
const alive = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of alive) child.kill('SIGKILL');
});

/** Kills every app process still running (for `afterEach` / `afterAll`). */
export async function killAllAppProcesses(): Promise<void> {
  await Promise.all(
    [...alive].map(
      (child) =>
        new Promise<void>((done) => {
          child.once('exit', () => done());
          if (!child.kill('SIGKILL')) done();
        }),
    ),
  );
}

/**
 * Starts the compiled app (`dist/main.js`, built by test/global-build.ts) as its own process, as
 * `npm start` does (environment only), and waits for its start-up log line. PORT=0 gives each instance a free port; the line says which.
 */
export async function startAppProcess(o: AppProcessOptions): Promise<AppProcess> {
  // As `npm start` runs it (the heap flags with it).
  const child = spawn(process.execPath, [...NODE_FLAGS, 'dist/main.js'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...NODE_ENV,
      SLACK_BOT_TOKEN: LOCAL_BOT_TOKEN,
      SLACK_SIGNING_SECRET: LOCAL_SIGNING_SECRET,
      // Explicitly empty, so a developer's .env cannot switch the app to Socket Mode.
      SLACK_APP_TOKEN: '',
      SLACK_API_URL: o.slackApiUrl,
      MISTRAL_API_KEY: SANDBOX_KEY,
      MISTRAL_SERVER_URL: o.mistralServerUrl,
      STORE_URL: o.storeUrl,
      PORT: '0',
      LOG_LEVEL: 'info',
      POLL_INTERVAL_SECONDS: String(o.pollIntervalSeconds ?? 1),
      ...o.env,
    },
  });
  alive.add(child);
  const exited = new Promise<void>((done) => {
    child.once('exit', () => {
      alive.delete(child);
      done();
    });
  });
  const logs: Record<string, unknown>[] = [];
  const stderr: string[] = [];
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (l) => stderr.push(l));
  const eventsUrl = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`app did not start within ${o.readyTimeoutMs ?? 30_000} ms\n${stderr.join('\n')}`));
    }, o.readyTimeoutMs ?? 30_000);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`app exited during start-up (code ${child.exitCode})\n${stderr.join('\n')}`));
    });
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const entry = parseLine(line);
      logs.push(entry);
      if (entry.msg === READY_MESSAGE && typeof entry.eventsUrl === 'string') {
        clearTimeout(timer);
        resolveUrl(entry.eventsUrl);
      }
    });
  });
  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    await exited;
  };
  return {
    pid: child.pid ?? -1,
    eventsUrl,
    logs,
    stderr,
    exited,
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
  };
}

function parseLine(line: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(line);
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : { raw: line };
  } catch {
    return { raw: line };
  }
}
