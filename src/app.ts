import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DestinationStream } from 'pino';
import { registerActions } from './actions/index.js';
import type { FineTuningBackend } from './backend/backend.js';
import { createMistralBackend } from './backend/mistral-backend.js';
import { registerCommands } from './commands/index.js';
import type { Config } from './config.js';
import { createLogger, SecretRegistry } from './logging/logger.js';
import { registerModals } from './modals/index.js';
import type { PollDeps } from './poller/poll-once.js';
import { createPollState } from './poller/poll-state.js';
import { type Poller, startPoller } from './poller/schedule.js';
import { type Sandbox, type SandboxOptions, startSandbox } from './sandbox/index.js';
import { createBoltApp } from './slack/create-bolt-app.js';
import { createOperatorCheck } from './slack/operators.js';
import { createPosterClient } from './slack/poster-client.js';
import { createCreatorStore } from './store/creators.js';
import { createKeyvFactory } from './store/keyv-factory.js';
import { createWatchStore } from './store/watch-store.js';
import { type AppDeps, viewContext } from './use-cases/deps.js';
import { createWatchService } from './watch/service.js';
import { createSlackPoster, type PosterOptions } from './watch/slack-poster.js';
import type { WatchDeps } from './watch/watch-deps.js';

export interface StartOptions {
  config: Config;
  now?: () => number;
  /** Used only when there is no MISTRAL_API_KEY (the built-in sandbox). */
  sandboxOptions?: SandboxOptions;
  logDestination?: DestinationStream;
  /** False: no cron poller (a benchmark drives `pollOnce(app.pollDeps)` itself). Default true. */
  poller?: boolean;
  /** Slack pacing overrides (tests of many jobs); defaults follow Slack's limits. */
  posterOptions?: PosterOptions;
}

export interface RunningApp {
  deps: AppDeps;
  /** HTTP mode: where Slack must send requests, e.g. http://127.0.0.1:3000/slack/events. */
  eventsUrl?: string;
  sandbox?: Sandbox;
  /** What `pollOnce` needs, shared with the running poller (same store, poster and state). */
  pollDeps: PollDeps;
  stop(): Promise<void>;
}

/** Composition root: config → logger → backend → store → Bolt → handlers → start. */
export async function startFinetuneApp(opts: StartOptions): Promise<RunningApp> {
  const { config } = opts;
  const now = opts.now ?? Date.now;
  const secrets = new SecretRegistry();
  for (const s of [
    config.slack.botToken,
    config.slack.signingSecret,
    config.slack.appToken,
    config.mistral.apiKey,
  ]) {
    secrets.add(s);
  }
  const logger = createLogger(config.logLevel, secrets, opts.logDestination);

  let sandbox: Sandbox | undefined;
  let backend: FineTuningBackend;
  if (config.mistral.apiKey) {
    backend = createMistralBackend({
      serverURL: config.mistral.serverUrl,
      apiKey: config.mistral.apiKey,
      label: 'Mistral',
    });
  } else {
    sandbox = await startSandbox({ now, ...opts.sandboxOptions });
    backend = createMistralBackend({ serverURL: sandbox.url, apiKey: 'sandbox', label: 'Mistral sandbox' });
    logger.warn({ sandbox: sandbox.url }, 'no MISTRAL_API_KEY: running on the built-in Mistral sandbox');
  }

  const kv = createKeyvFactory(config.storeUrl, (err) => logger.error({ err }, 'store error'));
  const app = createBoltApp({
    botToken: config.slack.botToken,
    signingSecret: config.slack.signingSecret,
    appToken: config.slack.appToken,
    apiUrl: config.slack.apiUrl,
    logger,
  });
  if (!config.operators) {
    logger.warn('FINETUNE_OPERATORS is not set: every workspace member may create, start and cancel jobs');
  }
  const creators = createCreatorStore(kv.open('creators'), kv.open('userjobs'));
  const watchDeps: WatchDeps = {
    store: createWatchStore(kv),
    poster: createSlackPoster(
      createPosterClient({ token: config.slack.botToken, apiUrl: config.slack.apiUrl, logger }),
      opts.posterOptions,
    ),
    backend,
    creators,
    logger,
    now,
    view: () => viewContext(deps),
    cardShown: new Map(),
  };
  const deps: AppDeps = {
    backend,
    creators,
    watches: createWatchService(watchDeps),
    isOperator: createOperatorCheck({ operators: config.operators, client: app.client, logger }),
    logger,
    secrets,
    now,
    sandbox: sandbox !== undefined,
    wandbEntity: config.wandbEntity,
  };

  registerCommands(app, deps);
  registerActions(app, deps);
  registerModals(app, deps);
  app.error(async (err) => {
    logger.error({ err, code: (err as { code?: string }).code }, 'unhandled Slack error');
  });

  const pollDeps: PollDeps = {
    ...watchDeps,
    state: createPollState(),
    backoffBaseMs: config.pollIntervalSeconds * 1000,
  };
  let poller: Poller | undefined;
  const stopAll = async () => {
    await poller?.stop();
    await app.stop().catch((err: unknown) => logger.warn({ err }, 'stopping Bolt'));
    await kv.close();
    await sandbox?.close();
  };
  try {
    await app.init();
    const started = await app.start(config.slack.port);
    let eventsUrl: string | undefined;
    if (!config.slack.appToken) {
      const address = (started as Server).address() as AddressInfo;
      eventsUrl = `http://127.0.0.1:${address.port}/slack/events`;
    }
    if (opts.poller !== false) {
      poller = startPoller({
        deps: pollDeps,
        intervalSeconds: config.pollIntervalSeconds,
        redis: kv.redis,
        logger,
      });
    }
    logger.info(
      { mode: config.slack.appToken ? 'socket' : 'http', eventsUrl, sandbox: deps.sandbox },
      'finetune-bot is running',
    );
    return { deps, eventsUrl, sandbox, pollDeps, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
