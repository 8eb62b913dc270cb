import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { LOCAL_BOT_TOKEN } from '../../devtools/local-stack.js';
import { type SlackStandin, startSlackStandin } from '../../devtools/slack-standin.js';
import { type Core, composeCore, openBackend } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import type { WatchService } from '../../src/domain/watch.js';
import type { PollDeps } from '../../src/poller/poll-once.js';
import type { Sandbox } from '../../src/sandbox/index.js';
import type { PosterOptions } from '../../src/watch/slack-poster.js';

const KEY_VARIABLE = {
  mistral: 'MISTRAL_API_KEY',
  together: 'TOGETHER_API_KEY',
  openai: 'OPENAI_API_KEY',
} as const;

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

/**
 * The poller's real parts as `app.ts` composes them (`openBackend`, `composeCore`), no Bolt, no cron: the
 * sandbox and the stand-in over HTTP, a SQLite store in a temp dir unless `storeUrl` names another.
 */
export async function startPollRig(
  opts: {
    speed?: number;
    poster?: PosterOptions;
    /** The backend's per-request timeout (ms); the backend's default when absent. */
    timeoutMs?: number;
    /** The store; a SQLite file in a temp dir when absent (e.g. `redis://…` from `startRedis`). */
    storeUrl?: string;
    /** Whose wire format the sandbox speaks, through that provider's adapter. Default Mistral. */
    provider?: 'mistral' | 'together' | 'openai';
    /** The sandbox's cap on jobs training at once (the rest wait queued). */
    maxRunning?: number;
    /** The early warnings' thresholds (FINETUNE_WARN_*); the defaults when absent. */
    warnings?: Config['warnings'];
    /**
     * `stepped`: the shared clock moves only by `advance()`, so what a job reaches between two passes
     * does not depend on how long the passes took on the machine. Default `real` (real time plus advances).
     */
    clock?: 'real' | 'stepped';
  } = {},
): Promise<PollRig> {
  let offset = 0;
  const frozen = opts.clock === 'stepped' ? Date.now() : undefined;
  const now = () => (frozen ?? Date.now()) + offset;
  const standin = await startSlackStandin();
  const dir = mkdtempSync(join(tmpdir(), 'poll-rig-'));
  const config: Config = {
    slack: { botToken: LOCAL_BOT_TOKEN, apiUrl: standin.apiUrl, port: 0 },
    provider: {
      name: opts.provider ?? 'mistral',
      baseUrl: '',
      label: 'Provider',
      keyVariable: KEY_VARIABLE[opts.provider ?? 'mistral'],
    },
    storeUrl: opts.storeUrl ?? `sqlite://${join(dir, 'store.sqlite')}`,
    logLevel: 'silent',
    pollIntervalSeconds: 1,
    ...(opts.warnings ? { warnings: opts.warnings } : {}),
  };
  const logger = pino({ level: 'silent' });
  // No MISTRAL_API_KEY: the built-in sandbox, on the shared clock.
  const { backend, sandbox } = await openBackend({
    config,
    logger,
    now,
    sandboxOptions: {
      speed: opts.speed ?? 20,
      ...(opts.maxRunning === undefined ? {} : { maxRunning: opts.maxRunning }),
    },
    backendTimeoutMs: opts.timeoutMs,
  });
  if (!sandbox) throw new Error('the poll rig should run on the built-in sandbox');
  const cores: Core[] = [];
  const compose = (): Core => {
    const core = composeCore({
      config,
      logger,
      now,
      backend,
      sandbox,
      posterOptions: { postGapMs: 0, ...opts.poster },
    });
    cores.push(core);
    return core;
  };
  const first = compose();
  return {
    standin,
    sandbox,
    deps: first.pollDeps,
    service: first.watches,
    advance: (ms) => {
      offset += ms;
    },
    restart: () => compose().pollDeps,
    async close() {
      await Promise.all(cores.map((c) => c.close()));
      await standin.close();
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
