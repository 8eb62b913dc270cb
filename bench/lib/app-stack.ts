import { startLocalStack } from '../../devtools/local-stack.js';
import type { SlackDriver } from '../../devtools/slack-driver.js';
import type { SlackStandin } from '../../devtools/slack-standin.js';
import type { RunningApp, StartOptions } from '../../src/app.js';
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
 * `startLocalStack` without the cron poller: a benchmark calls `pollOnce(app.pollDeps)` itself, so it
 * can count and time single ticks, and no pass competes with what is measured or is left running at
 * the end (stopping waits for the pass in flight). Logs are dropped. The SQLite store is a file in the
 * OS temp dir, on disk as in production.
 */
export async function startBenchStack(
  opts: Pick<StartOptions, 'sandboxOptions' | 'posterOptions'> = {},
): Promise<BenchStack> {
  const stack = await startLocalStack({
    ...opts,
    poller: false,
    keepLogs: false,
  });
  const { app, driver, standin } = stack;
  if (!app.sandbox) {
    await stack.close();
    throw new Error('the bench stack should run on the built-in sandbox');
  }
  return { app, driver, sandbox: app.sandbox, standin, close: () => stack.close() };
}
