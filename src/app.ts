import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DestinationStream, Logger } from 'pino';
import { registerActions } from './actions/index.js';
import type { FineTuningBackend } from './backend/backend.js';
import { createProviderBackend } from './backend/providers.js';
import { registerCommands } from './commands/index.js';
import type { Config } from './config.js';
import type { WatchService } from './domain/watch.js';
import { createDraftStore } from './drafts/draft-store.js';
import { withBotDrafts } from './drafts/with-drafts.js';
import { registerEvents } from './events/index.js';
import { createApprovalStore } from './guardrails/approval-store.js';
import { createApprovalService } from './guardrails/approvals.js';
import { acceptFirst } from './lib/turns.js';
import { createLogger, SecretRegistry } from './logging/logger.js';
import { createEngineMetrics } from './metrics/engine-metrics.js';
import { registerModals } from './modals/index.js';
import type { PollDeps } from './poller/poll-once.js';
import { createPollState } from './poller/poll-state.js';
import { type Poller, startPoller } from './poller/schedule.js';
import type { Sandbox, SandboxOptions } from './sandbox/index.js';
import { registerShortcuts } from './shortcuts/index.js';
import { createBoltApp } from './slack/create-bolt-app.js';
import { createSlackFileDownloader } from './slack/download-file.js';
import { createOperatorCheck } from './slack/operators.js';
import { createPosterClient } from './slack/poster-client.js';
import { openAuditLog } from './store/audit-log.js';
import { createBudgetStore } from './store/budget-store.js';
import { redisChannelSlots } from './store/channel-slots.js';
import { type CreatorStore, createCreatorStore } from './store/creators.js';
import { createKeyvFactory, type KeyvFactory } from './store/keyv-factory.js';
import { openOnceClaims } from './store/once-claims.js';
import { createSentFiles } from './store/sent-files.js';
import { openSetIndex } from './store/set-index.js';
import { createWatchStore } from './store/watch-store.js';
import { type AppDeps, viewContext } from './use-cases/deps.js';
import { createHomePublisher, type HomePublisher } from './use-cases/home-publisher.js';
import { createCardMemory } from './watch/card-memory.js';
import { createWatchService } from './watch/service.js';
import { createSlackPoster, type PosterOptions } from './watch/slack-poster.js';
import { DEFAULT_UPDATES_PER_MINUTE } from './watch/update-pacer.js';
import type { WatchDeps } from './watch/watch-deps.js';

export interface BackendOptions {
  config: Config;
  logger: Logger;
  now?: () => number;
  /** Used only when the provider has no key (the built-in sandbox). */
  sandboxOptions?: SandboxOptions;
  /** The backend's per-request timeout (ms); the backend's default when absent. */
  backendTimeoutMs?: number;
}

export interface OpenedBackend {
  backend: FineTuningBackend;
  /** The built-in sandbox, when the provider has no key; whoever opened it closes it. */
  sandbox?: Sandbox;
}

/**
 * The configured provider's adapter, or without its key the built-in sandbox (loaded only then)
 * speaking that provider's wire format, reached through the same adapter and SDK.
 */
export async function openBackend(o: BackendOptions): Promise<OpenedBackend> {
  const p = o.config.provider;
  const timeoutMs = o.backendTimeoutMs;
  if (p.apiKey) {
    const backend = await createProviderBackend({ ...p, apiKey: p.apiKey, timeoutMs });
    return { backend };
  }
  const { startSandbox } = await import('./sandbox/index.js');
  const sandbox = await startSandbox({ now: o.now ?? Date.now, ...o.sandboxOptions, dialect: p.name });
  o.logger.warn(
    { sandbox: sandbox.url, provider: p.name },
    `no ${p.keyVariable}: running on the built-in ${sandbox.label}`,
  );
  // The Mistral SDK adds /v1 itself; the other SDKs take the API root.
  const baseUrl = p.name === 'mistral' ? sandbox.url : `${sandbox.url}/v1`;
  const backend = await createProviderBackend({
    ...p,
    apiKey: 'sandbox',
    baseUrl,
    label: sandbox.label,
    timeoutMs,
  });
  return { backend, sandbox };
}

export interface CoreOptions extends OpenedBackend {
  config: Config;
  logger: Logger;
  now?: () => number;
  /** Slack pacing overrides (tests of many jobs); defaults follow Slack's limits. */
  posterOptions?: PosterOptions;
}

/** Everything but Slack's Bolt App: what the handlers and the poller share. */
export interface Core {
  /** The opened backend, with bot-held drafts when the provider has no start gate. */
  backend: FineTuningBackend;
  kv: KeyvFactory;
  creators: CreatorStore;
  watches: WatchService;
  /** Each user's App Home tab (published over the poster's client). */
  home: HomePublisher;
  /** What `pollOnce` needs: the same store, poster and backend, and a fresh poll state. */
  pollDeps: PollDeps;
  /** Closes the store. */
  close(): Promise<void>;
}

/**
 * The one place the non-Bolt parts are wired: store → poster → watches → poll deps, over an opened
 * backend. Calling it again over the same store and backend is a restarted process (new memory).
 */
export function composeCore(o: CoreOptions): Core {
  const { config, logger, sandbox } = o;
  const provider = providerNaming(config);
  const now = o.now ?? Date.now;
  const kv = createKeyvFactory(config.storeUrl, (err) => logger.error({ err }, 'store error'));
  // Estimate, then start, everywhere: without the provider's own start gate, the bot holds drafts.
  const backend = o.backend.capabilities.startGate
    ? o.backend
    : withBotDrafts(o.backend, { store: createDraftStore(kv), now });
  const creators = createCreatorStore(
    kv.open('creators'),
    openSetIndex(kv, 'userjobix'),
    kv.open('userjobs'),
  );
  const client = createPosterClient({ token: config.slack.botToken, apiUrl: config.slack.apiUrl, logger });
  // With Redis the one-post-a-second spacing of a channel holds across instances.
  const poster = createSlackPoster(client, {
    channelSlots: kv.redis && redisChannelSlots(kv.redis),
    ...o.posterOptions,
  });
  const store = createWatchStore(kv, { now });
  const view = () =>
    viewContext({ sandbox: sandbox !== undefined, backend, provider, wandbEntity: config.wandbEntity, now });
  const home = createHomePublisher({
    backend,
    creators,
    watchedBy: (userId) => store.ofUser(userId),
    logger,
    client,
    view,
    shown: kv.open('homeshown'),
  });
  const watchDeps: WatchDeps = {
    store,
    poster,
    backend,
    creators,
    logger,
    now,
    view,
    cardShown: createCardMemory(),
    onJobApplied: (job) => home.jobApplied(job),
    warnings: config.warnings,
  };
  // One bundle for the watch feature and the poller: the poller plans and fetches over it, the
  // watch service (built on the same object) applies what a pass learned.
  const bundle: Omit<PollDeps, 'watches'> = {
    ...watchDeps,
    state: createPollState(),
    backoffBaseMs: config.pollIntervalSeconds * 1000,
    editsPerPass: editsPerPass(config.pollIntervalSeconds, o.posterOptions),
  };
  const watches = createWatchService(bundle);
  const pollDeps: PollDeps = Object.assign(bundle, { watches });
  return {
    backend,
    kv,
    creators,
    watches,
    home,
    pollDeps,
    close: () => {
      home.close();
      return kv.close();
    },
  };
}

/** The chat.update calls Slack takes in one poll interval: what a pass may spend on progress. */
function editsPerPass(intervalSeconds: number, o: PosterOptions = {}): number {
  return Math.max(1, Math.floor(((o.updatesPerMinute ?? DEFAULT_UPDATES_PER_MINUTE) * intervalSeconds) / 60));
}

/** How users are told about the configured provider (also in sandbox mode, where it is simulated). */
function providerNaming(config: Config) {
  return { label: config.provider.label, keyVariable: config.provider.keyVariable };
}

export interface StartOptions {
  config: Config;
  now?: () => number;
  /** Used only when the provider has no key (the built-in sandbox). */
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

/** Composition root: config → logger → backend → core (store, watches, poll deps) → Bolt → handlers → start. */
export async function startFinetuneApp(opts: StartOptions): Promise<RunningApp> {
  const { config } = opts;
  const now = opts.now ?? Date.now;
  const secrets = new SecretRegistry();
  for (const s of [
    config.slack.botToken,
    config.slack.signingSecret,
    config.slack.appToken,
    config.provider.apiKey,
  ]) {
    secrets.add(s);
  }
  const logger = createLogger(config.logLevel, secrets, opts.logDestination);

  const opened = await openBackend({ ...opts, logger, now });
  const { sandbox } = opened;
  const core = composeCore({ ...opts, logger, now, ...opened });
  const { backend } = core;
  const metrics = createEngineMetrics({
    poster: core.pollDeps.poster,
    pendingPosts: () => core.pollDeps.store.pendingPosts(),
  });
  const app = createBoltApp({
    botToken: config.slack.botToken,
    signingSecret: config.slack.signingSecret,
    appToken: config.slack.appToken,
    apiUrl: config.slack.apiUrl,
    logger,
    metrics,
  });
  if (!config.operators) {
    logger.warn('FINETUNE_OPERATORS is not set: every workspace member may create, start and cancel jobs');
  }
  const deps: AppDeps = {
    backend,
    creators: core.creators,
    watches: core.watches,
    uploads: core.pollDeps.poster,
    isOperator: createOperatorCheck({ operators: config.operators, client: app.client, logger }),
    logger,
    secrets,
    now,
    sandbox: sandbox !== undefined,
    provider: providerNaming(config),
    wandbEntity: config.wandbEntity,
    downloadSlackFile: createSlackFileDownloader({
      token: config.slack.botToken,
      apiUrl: config.slack.apiUrl,
    }),
    sentFiles: createSentFiles(core.kv.open('sentfiles')),
    home: core.home,
    audit: openAuditLog(core.kv),
    budgets: createBudgetStore(core.kv),
  };
  if (config.approval) {
    const approvals = createApprovalService({
      app: deps,
      watch: core.pollDeps,
      config: config.approval,
      isApprover: createOperatorCheck({ operators: config.approval.approvers, client: app.client, logger }),
      store: createApprovalStore(core.kv),
      claims: openOnceClaims(core.kv, 'claims'),
    });
    deps.approvals = approvals;
    // Watched cards of jobs waiting for approval keep saying so when the poller edits them.
    core.pollDeps.cardOverlay = (job, card) => approvals.cardOverlay(job, card);
    // So do the Home tab's rows (no Start while a request is open).
    core.home.openApproval = (job) => approvals.openRequestOf(job);
  }

  registerCommands(app, deps);
  registerActions(app, deps);
  registerModals(app, deps);
  registerEvents(app, deps);
  registerShortcuts(app, deps);
  app.error(async (err) => {
    logger.error({ err, code: (err as { code?: string }).code }, 'unhandled Slack error');
  });

  const { pollDeps } = core;
  let poller: Poller | undefined;
  // Open approval requests past their time are closed (and say so) within an interval.
  const approvals = deps.approvals;
  const expiry = approvals
    ? setInterval(() => {
        approvals
          .expireDue()
          .catch((err: unknown) => logger.warn({ err }, 'could not expire approval requests'));
      }, config.pollIntervalSeconds * 1000).unref()
    : undefined;
  const stopAll = async () => {
    clearInterval(expiry);
    await poller?.stop();
    await app.stop().catch((err: unknown) => logger.warn({ err }, 'stopping Bolt'));
    await core.close();
    await sandbox?.close();
  };
  try {
    await app.init();
    const started = await app.start(config.slack.port);
    let eventsUrl: string | undefined;
    if (!config.slack.appToken) {
      const address = (started as Server).address() as AddressInfo;
      eventsUrl = `http://127.0.0.1:${address.port}/slack/events`;
      // Slack's requests are accepted and acked before deferred work resumes (lib/turns.ts).
      acceptFirst(started as Server);
    }
    // The open approval requests are known before the first pass edits a card (after a restart).
    await deps.approvals
      ?.expireDue()
      .catch((err: unknown) => logger.warn({ err }, 'could not read approval requests'));
    if (opts.poller !== false) {
      poller = startPoller({
        deps: pollDeps,
        intervalSeconds: config.pollIntervalSeconds,
        redis: core.kv.redis,
        logger,
        onReport: (report, ms) => {
          metrics.recordPass(report, ms);
          void report.delivered.then((r) => metrics.recordDelivery(r));
        },
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
