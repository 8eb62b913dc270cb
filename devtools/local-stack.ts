import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type RunningApp, type StartOptions, startFinetuneApp } from '../src/app.js';
import { parseConfig } from '../src/config.js';
import type { SandboxOptions } from '../src/sandbox/index.js';
import { SlackDriver } from './slack-driver.js';
import { type SlackStandinOptions, startSlackStandin } from './slack-standin.js';

type SlackStandin = Awaited<ReturnType<typeof startSlackStandin>>;

export const LOCAL_SIGNING_SECRET = 'local-signing-secret-0123456789';
export const LOCAL_BOT_TOKEN = 'xoxb-local-000000000-bot-token';

export interface LocalStackOptions extends Pick<StartOptions, 'poller' | 'posterOptions'> {
  /** Extra or overriding environment variables for the app's config. */
  env?: Record<string, string>;
  sandboxOptions?: SandboxOptions;
  standinOptions?: SlackStandinOptions;
  now?: () => number;
  /** Keep the store in this file instead of a fresh temp file (restart tests). */
  storeUrl?: string;
  /** Where the fresh temp store folder goes (default the OS temp dir). */
  storeParent?: string;
  /** False: log lines are dropped instead of kept in `logs` (long benchmarks). Default true. */
  keepLogs?: boolean;
}

export interface LocalStack {
  app: RunningApp;
  standin: SlackStandin;
  driver: SlackDriver;
  /** Every log line the app wrote (JSON), for secrecy checks. */
  logs: string[];
  storeUrl: string;
  close(): Promise<void>;
}

/**
 * The whole app on one machine: the Slack stand-in, the real app (HTTP mode) on an ephemeral port,
 * and the built-in Mistral sandbox. Used by the end-to-end tests, `npm run demo` and the benchmarks;
 * only base URLs differ from production.
 */
export async function startLocalStack(opts: LocalStackOptions = {}): Promise<LocalStack> {
  const standin = await startSlackStandin(opts.standinOptions);
  const dir = opts.storeUrl ? undefined : mkdtempSync(join(opts.storeParent ?? tmpdir(), 'finetune-bot-'));
  const storeUrl = opts.storeUrl ?? `sqlite://${join(dir as string, 'store.sqlite')}`;
  const parsed = parseConfig({
    SLACK_BOT_TOKEN: LOCAL_BOT_TOKEN,
    SLACK_SIGNING_SECRET: LOCAL_SIGNING_SECRET,
    SLACK_API_URL: standin.apiUrl,
    PORT: '0',
    STORE_URL: storeUrl,
    LOG_LEVEL: 'info',
    ...opts.env,
  });
  if (!parsed.ok) {
    await standin.close();
    throw new Error(`local stack config: ${parsed.problems.join('; ')}`);
  }
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      if (opts.keepLogs !== false) logs.push(String(chunk));
      cb();
    },
  });
  let app: RunningApp;
  try {
    app = await startFinetuneApp({
      config: parsed.config,
      now: opts.now,
      sandboxOptions: opts.sandboxOptions,
      logDestination: sink,
      poller: opts.poller,
      posterOptions: opts.posterOptions,
    });
  } catch (e) {
    await standin.close();
    throw e;
  }
  const driver = new SlackDriver({
    appUrl: app.eventsUrl as string,
    signingSecret: LOCAL_SIGNING_SECRET,
    standin,
  });
  return {
    app,
    standin,
    driver,
    logs,
    storeUrl,
    async close() {
      await app.stop();
      await standin.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
