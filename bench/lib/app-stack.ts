import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { LOCAL_BOT_TOKEN, LOCAL_SIGNING_SECRET } from '../../devtools/local-stack.js';
import { SlackDriver } from '../../devtools/slack-driver.js';
import { type SlackStandin, startSlackStandin } from '../../devtools/slack-standin.js';
import { type RunningApp, type StartOptions, startFinetuneApp } from '../../src/app.js';
import { parseConfig } from '../../src/config.js';
import type { Sandbox } from '../../src/sandbox/index.js';

export interface BenchStack {
  app: RunningApp;
  /** Signed requests to the app, with trigger ids and response URLs from the stand-in. */
  driver: SlackDriver;
  sandbox: Sandbox;
  standin: SlackStandin;
  close(): Promise<void>;
}

/**
 * Like `startLocalStack`, but without the cron poller: a benchmark calls `pollOnce(app.pollDeps)`
 * itself, so it can count and time single ticks, and no pass competes with what is measured or is
 * left running at the end (stopping waits for the pass in flight). Logs go to a sink that keeps nothing.
 */
export async function startBenchStack(
  opts: Pick<StartOptions, 'sandboxOptions' | 'posterOptions'> = {},
): Promise<BenchStack> {
  const standin = await startSlackStandin();
  // tmpfs when there is one: the benchmarks measure the app, not this machine's disk syncs.
  const dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'finetune-bench-'));
  const parsed = parseConfig({
    SLACK_BOT_TOKEN: LOCAL_BOT_TOKEN,
    SLACK_SIGNING_SECRET: LOCAL_SIGNING_SECRET,
    SLACK_API_URL: standin.apiUrl,
    PORT: '0',
    STORE_URL: `sqlite://${join(dir, 'store.sqlite')}`,
    LOG_LEVEL: 'info',
  });
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  const sink = new Writable({ write: (_chunk, _enc, cb) => cb() });
  const app = await startFinetuneApp({ config: parsed.config, logDestination: sink, poller: false, ...opts });
  if (!app.sandbox) throw new Error('the bench stack should run on the built-in sandbox');
  const driver = new SlackDriver({
    appUrl: app.eventsUrl as string,
    signingSecret: LOCAL_SIGNING_SECRET,
    standin,
  });
  return {
    app,
    driver,
    sandbox: app.sandbox,
    standin,
    async close() {
      await app.stop();
      await standin.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
