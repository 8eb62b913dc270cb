import { join } from 'node:path';
import { LOCAL_BOT_TOKEN, LOCAL_SIGNING_SECRET } from '../../devtools/local-stack.js';
import type { SlackStandin } from '../../devtools/slack-standin.js';
import { ENTRY, NODE_ENV, NODE_FLAGS, ROOT } from '../../scripts/build.mjs';
import { type Child, startChild } from './ack-processes.js';

const BARE = join(ROOT, 'bench/lib/bare-bolt-main.mjs');
const SANDBOX = join(ROOT, 'dist/sandbox/main.js');

const appReady = (line: string) =>
  line.includes('"msg":"finetune-bot is running"')
    ? (JSON.parse(line) as { eventsUrl: string }).eventsUrl
    : undefined;
const bareReady = (line: string) =>
  line.includes('"msg":"bare bolt is running"')
    ? `http://127.0.0.1:${(JSON.parse(line) as { port: number }).port}/slack/events`
    : undefined;
const sandboxReady = (line: string) => /listening on (http:\/\/\S+) /.exec(line)?.[1];

/** A call to the sandbox process (its API or its `/_sandbox/*` admin routes). */
export async function sandboxCall(
  url: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<unknown> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: 'Bearer x', 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`sandbox ${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

export interface Trio {
  sandbox: Child;
  bare: Child;
  app: Child;
  /** Stops the three, the app first. */
  stop(): Promise<void>;
}

/**
 * The three processes of the ack benchmarks, each started with plain `node`, one at a time (start-up
 * is CPU-bound on two cores): the sandbox (Mistral dialect), the bare Bolt app and the compiled app
 * (HTTP mode, Mistral key pointed at the sandbox, SQLite store in `dir`), both on the stand-in.
 * `appEnv` adds to or overrides the app's environment; `nodeFlags` go to the app's `node`.
 */
export async function startTrio(o: {
  standin: SlackStandin;
  dir: string;
  appEnv?: Record<string, string>;
  nodeFlags?: string[];
  /** The sandbox's `nice` value (cpu-priority.ts); the two apps keep the default. */
  sandboxNice?: number;
}): Promise<Trio> {
  const started: Child[] = [];
  const stop = async () => {
    for (const c of [...started].reverse()) await c.stop();
  };
  const baseEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
  try {
    const sandbox = await startChild({
      label: 'sandbox',
      args: [SANDBOX],
      env: { ...baseEnv, SANDBOX_PORT: '0', SANDBOX_DIALECT: 'mistral' },
      cwd: o.dir,
      ready: sandboxReady,
      ...(o.sandboxNice === undefined ? {} : { nice: o.sandboxNice }),
    });
    started.push(sandbox);
    const slackEnv = {
      ...baseEnv,
      SLACK_BOT_TOKEN: LOCAL_BOT_TOKEN,
      SLACK_SIGNING_SECRET: LOCAL_SIGNING_SECRET,
      SLACK_API_URL: o.standin.apiUrl,
      PORT: '0',
    };
    const bare = await startChild({
      label: 'bare Bolt app',
      args: [BARE],
      env: slackEnv,
      cwd: o.dir,
      ready: bareReady,
    });
    started.push(bare);
    const app = await startChild({
      label: 'node dist/main.js',
      args: [ENTRY],
      // As `npm start` runs it.
      nodeFlags: [...NODE_FLAGS, ...(o.nodeFlags ?? [])],
      env: {
        ...slackEnv,
        MISTRAL_API_KEY: 'x',
        MISTRAL_SERVER_URL: sandbox.address,
        STORE_URL: `sqlite://${join(o.dir, 'store.sqlite')}`,
        LOG_LEVEL: 'info',
        ...NODE_ENV,
        ...o.appEnv,
      },
      cwd: o.dir,
      ready: appReady,
    });
    started.push(app);
    return { sandbox, bare, app, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
