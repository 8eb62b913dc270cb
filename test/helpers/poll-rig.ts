import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { LOCAL_BOT_TOKEN } from '../../devtools/local-stack.js';
import { type SlackStandin, startSlackStandin } from '../../devtools/slack-standin.js';
import { createMistralBackend } from '../../src/backend/mistral-backend.js';
import type { WatchService } from '../../src/domain/watch.js';
import type { PollDeps } from '../../src/poller/poll-once.js';
import { createPollState } from '../../src/poller/poll-state.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { createPosterClient } from '../../src/slack/poster-client.js';
import { createCreatorStore } from '../../src/store/creators.js';
import { createKeyvFactory, type KeyvFactory } from '../../src/store/keyv-factory.js';
import { createWatchStore } from '../../src/store/watch-store.js';
import { createWatchService } from '../../src/watch/service.js';
import { createSlackPoster, type PosterOptions } from '../../src/watch/slack-poster.js';

export interface PollRig {
  standin: SlackStandin;
  sandbox: Sandbox;
  deps: PollDeps;
  service: WatchService;
  /** Moves the shared clock (sandbox and poller) forward. */
  advance(ms: number): void;
  /** A fresh process over the same store and Slack: new poll state, new poster, empty memory. */
  restart(): PollDeps;
  close(): Promise<void>;
}

/** The poller's real parts, no cron: sandbox + stand-in over HTTP, a SQLite store in a temp dir. */
export async function startPollRig(
  opts: {
    speed?: number;
    poster?: PosterOptions;
    /** The backend's per-request timeout (ms); the backend's default when absent. */
    timeoutMs?: number;
  } = {},
): Promise<PollRig> {
  let offset = 0;
  const now = () => Date.now() + offset;
  const standin = await startSlackStandin();
  const sandbox = await startSandbox({ speed: opts.speed ?? 20, now });
  const backend = createMistralBackend({
    serverURL: sandbox.url,
    apiKey: 'sandbox',
    label: 'Mistral sandbox',
    timeoutMs: opts.timeoutMs,
  });
  const dir = mkdtempSync(join(tmpdir(), 'poll-rig-'));
  const factories: KeyvFactory[] = [];
  const build = (): PollDeps => {
    const kv = createKeyvFactory(`sqlite://${join(dir, 'store.sqlite')}`, () => undefined);
    factories.push(kv);
    // The client app.ts gives the poster, so retries and 429 handling are the production ones.
    const client = createPosterClient({ token: LOCAL_BOT_TOKEN, apiUrl: standin.apiUrl });
    return {
      store: createWatchStore(kv),
      poster: createSlackPoster(client, { postGapMs: 0, ...opts.poster }),
      backend,
      creators: createCreatorStore(kv.open('creators'), kv.open('userjobs')),
      logger: pino({ level: 'silent' }),
      now,
      view: () => ({ sandbox: true, backendLabel: backend.label, now: Math.floor(now() / 1000) }),
      cardShown: new Map(),
      state: createPollState(),
      backoffBaseMs: 1000,
    };
  };
  const deps = build();
  return {
    standin,
    sandbox,
    deps,
    service: createWatchService(deps),
    advance: (ms) => {
      offset += ms;
    },
    restart: build,
    async close() {
      await Promise.all(factories.map((f) => f.close()));
      await standin.close();
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
