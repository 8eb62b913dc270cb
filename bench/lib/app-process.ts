import { join } from 'node:path';
import { LOCAL_BOT_TOKEN, LOCAL_SIGNING_SECRET } from '../../devtools/local-stack.js';
import { SlackDriver } from '../../devtools/slack-driver.js';
import type { SlackStandin } from '../../devtools/slack-standin.js';
import { ENTRY, ensureBuilt, NODE_ENV, NODE_FLAGS, ROOT } from '../../scripts/build.mjs';
import { type NodeProcess, startNodeProcess } from './node-process.js';

export interface AppProcess extends NodeProcess {
  /** Where the driver sends slash commands: http://127.0.0.1:PORT/slack/events. */
  eventsUrl: string;
  /** GET /metrics of this process. */
  metricsUrl: string;
  /** Signed requests to this process, with trigger ids and response URLs from the stand-in. */
  driver: SlackDriver;
}

export interface AppProcessOptions {
  standin: SlackStandin;
  /** The provider and its URL, STORE_URL, POLL_INTERVAL_SECONDS…, on top of the Slack settings. */
  env: Record<string, string>;
  /** Working directory: a temp dir, so no `.env` of the repo is read. */
  cwd: string;
  label?: string;
}

/**
 * The compiled app (`node dist/main.js`, what `npm start` runs) as its own process in HTTP mode on
 * an ephemeral port, talking to the Slack stand-in in the benchmark's process. Builds `dist/` first
 * when it is missing or stale.
 */
export async function startAppProcess(o: AppProcessOptions): Promise<AppProcess> {
  ensureBuilt();
  const proc = await startNodeProcess({
    label: o.label ?? 'node dist/main.js',
    // As `npm start` runs it.
    args: [...NODE_FLAGS, ENTRY],
    cwd: o.cwd,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ...NODE_ENV,
      SLACK_BOT_TOKEN: LOCAL_BOT_TOKEN,
      SLACK_SIGNING_SECRET: LOCAL_SIGNING_SECRET,
      SLACK_APP_TOKEN: '',
      SLACK_API_URL: o.standin.apiUrl,
      PORT: '0',
      LOG_LEVEL: 'info',
      ...o.env,
    },
    ready: /"msg":"finetune-bot is running"/,
  });
  const eventsUrl = (JSON.parse(proc.readyLine) as { eventsUrl?: string }).eventsUrl;
  if (!eventsUrl) {
    await proc.stop();
    throw new Error(`the app logged no eventsUrl: ${proc.readyLine}`);
  }
  const driver = new SlackDriver({
    appUrl: eventsUrl,
    signingSecret: LOCAL_SIGNING_SECRET,
    standin: o.standin,
  });
  return { ...proc, eventsUrl, metricsUrl: eventsUrl.replace(/\/slack\/events$/, '/metrics'), driver };
}

/** The sandbox's own entry point, compiled with the app (`npm run sandbox` runs its source). */
export const SANDBOX_ENTRY = join(ROOT, 'dist', 'sandbox', 'main.js');
