import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type SlackStandin, startSlackStandin } from '../../devtools/slack-standin.js';
import { NODE_ENV, NODE_FLAGS } from '../../scripts/build.mjs';
import type { SandboxStats } from '../../src/sandbox/index.js';
import { type AppProcess, startAppProcess } from './app-process.js';
import { rssOfPid, traceRss } from './node-process.js';
import { type Scrape, scrape } from './prometheus.js';
import type { ListedJob, ProviderApi } from './provider-api.js';
import { type SandboxProcess, startSandboxProcess } from './sandbox-process.js';
import { fmt } from './stats.js';
import type { BenchResult, Measurement } from './types.js';
import { type ChannelWatches, watchByCommands } from './watch-commands.js';

const JOBS = 2_000;
/** The sandbox trains at most this many at once; the other 1,500 wait `queued`: live and unchanged. */
const TRAINING = 500;
const IDLE = JOBS - TRAINING;
const CHANNELS = 100;
const WATCHES_PER_JOB = 5;
const WATCHES = JOBS * WATCHES_PER_JOB;
const LATENCY_MS = 50;
/** The production default: a budget of 50 × 30 / 60 = 25 card edits a pass. */
const INTERVAL_S = 30;
/** Slack's chat.update budget (Tier 3), the poster's default. */
const UPDATES_PER_MINUTE = 50;
const WARM_PASSES = 3;
/** ~1.5 MB of chat examples: hours of training at speed 1 on either shape, so no job ends. */
const TRAINING_LINES = 6_000;
/** Sandbox lead-in at speed 1 (queued 5 s, validating 10 s, 1 s, started 2 s), plus a margin. */
const LEAD_IN_MS = 20_000;
const GOAL_RSS_MB = 200;
const GOAL_PASS_S = 2;

interface Pass {
  list: number;
  get: number;
  /** Every /v1 request, events and checkpoints included. */
  http: number;
  seconds: number;
  watchReads: number | undefined;
  stateReads: number | undefined;
  /** The engine's own account (`finetune_poll_last_pass_jobs`): jobs fetched for a status change, for progress. */
  fetched: { changed: number; progress: number } | undefined;
  /** The stated lower bound for this pass, and its parts. */
  bound: { pages: number; changed: number; refresh: number; budget: number; total: number };
}

const calls = (s: SandboxStats, route: string) => s[route] ?? 0;
const passesDone = async (app: AppProcess) =>
  (await scrape(app.metricsUrl)).get('finetune_poll_passes_total', { outcome: 'done' }) ?? 0;

/** Waits until the app has finished more than `after` passes; returns its metrics then. */
async function passEnd(app: AppProcess, after: number, timeoutMs = 4 * INTERVAL_S * 1000): Promise<Scrape> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const m = await scrape(app.metricsUrl);
    if ((m.get('finetune_poll_passes_total', { outcome: 'done' }) ?? 0) > after) return m;
    if (Date.now() > deadline) throw new Error(`no poll pass finished within ${timeoutMs} ms`);
    await sleep(100);
  }
}

/** Passes start at each multiple of the interval since the epoch: sleep to just before the next one. */
async function untilJustBeforeNextSlot(): Promise<void> {
  const slot = INTERVAL_S * 1000;
  const next = Math.ceil((Date.now() + 1) / slot) * slot;
  await sleep(Math.max(0, next - Date.now() - 400));
}

function fetchedBy(m: Scrape): Pass['fetched'] {
  const changed = m.get('finetune_poll_last_pass_jobs', { why: 'changed' });
  const progress = m.get('finetune_poll_last_pass_jobs', { why: 'progress' });
  return changed === undefined || progress === undefined ? undefined : { changed, progress };
}

const statusById = (jobs: ListedJob[]) => new Map(jobs.map((j) => [j.id, j.status]));

/**
 * One pass measured: sandbox counters reset after the previous pass, the queued edits read just
 * before the pass starts (they shrink its edit budget), then every count once it has finished.
 */
async function measurePass(
  p: ProviderApi,
  app: AppProcess,
  sandbox: SandboxProcess,
  before: ListedJob[],
  oldestWatched: string,
  ours: Set<string>,
): Promise<{ pass: Pass; after: ListedJob[] }> {
  await sandbox.resetStats();
  const done = await passesDone(app);
  await untilJustBeforeNextSlot();
  const pre = await scrape(app.metricsUrl);
  const queuedEdits = pre.get('finetune_slack_queued', { kind: 'update' });
  const post = await passEnd(app, done);
  const stats = await sandbox.stats();
  const after = await p.listAll(`${sandbox.url}/v1`);
  const was = statusById(before);
  const changed = after.filter((j) => ours.has(j.id) && was.get(j.id) !== j.status).length;
  const budget = (UPDATES_PER_MINUTE * INTERVAL_S) / 60 - (queuedEdits ?? 0);
  const pages = p.statusCalls(after, oldestWatched);
  const refresh = Math.floor(Math.max(0, budget) / WATCHES_PER_JOB);
  const lastDuration = post.get('finetune_poll_last_pass_duration_seconds');
  const sumDelta =
    (post.get('finetune_poll_pass_duration_seconds_sum') ?? 0) -
    (pre.get('finetune_poll_pass_duration_seconds_sum') ?? 0);
  return {
    pass: {
      list: calls(stats, p.routes.list),
      get: calls(stats, p.routes.get),
      http: stats.total,
      seconds: lastDuration ?? sumDelta,
      watchReads: post.get('finetune_poll_last_pass_store_reads', { kind: 'watch' }),
      stateReads: post.get('finetune_poll_last_pass_store_reads', { kind: 'job_state' }),
      fetched: fetchedBy(post),
      bound: { pages, changed, refresh, budget, total: pages + changed + refresh },
    },
    after,
  };
}

/** Job j is watched in 5 channels, (j + 20·i) mod 100: each channel ends up with 100 jobs. */
function channelPlan(ids: string[]): ChannelWatches[] {
  const plan: ChannelWatches[] = Array.from({ length: CHANNELS }, (_, c) => ({
    channel: `CSCALE${String(c).padStart(3, '0')}`,
    jobIds: [],
  }));
  ids.forEach((id, j) => {
    for (let i = 0; i < WATCHES_PER_JOB; i++)
      plan[(j + (CHANNELS / WATCHES_PER_JOB) * i) % CHANNELS]?.jobIds.push(id);
  });
  return plan;
}

function checkScenario(p: ProviderApi, listing: ListedJob[], ours: Set<string>): void {
  const counts = new Map<string, number>();
  for (const j of listing) if (ours.has(j.id)) counts.set(j.status, (counts.get(j.status) ?? 0) + 1);
  if (counts.get(p.training) !== TRAINING || counts.get(p.waiting) !== IDLE)
    throw new Error(`unexpected job statuses: ${JSON.stringify(Object.fromEntries(counts))}`);
}

/** The app's own memory figures (prom-client's process metrics), in MB: where the resident memory is. */
async function memoryOf(app: AppProcess): Promise<string> {
  const m = await scrape(app.metricsUrl);
  const mb = (name: string) => ((m.get(name) ?? Number.NaN) / 2 ** 20).toFixed(0);
  return (
    `RSS ${mb('process_resident_memory_bytes')}, V8 heap ${mb('nodejs_heap_size_used_bytes')} used of ` +
    `${mb('nodejs_heap_size_total_bytes')}, external ${mb('nodejs_external_memory_bytes')}`
  );
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const maxOf = (xs: Array<number | undefined>) =>
  xs.some((x) => x === undefined) ? undefined : Math.max(...(xs as number[]));

/**
 * 10,000 watches over 2,000 jobs on one provider's wire format, the compiled app in its own process:
 * calls per pass against the stated bound, pass time, store reads, RSS throughout, a restart.
 */
export async function runScale(p: ProviderApi): Promise<BenchResult> {
  const cwd = mkdtempSync(join(tmpdir(), 'poller-scale-'));
  const storeUrl = `sqlite://${join(cwd, 'store.sqlite')}`;
  let standin: SlackStandin | undefined;
  let sandbox: SandboxProcess | undefined;
  let app: AppProcess | undefined;
  const rss = traceRss(() => app?.pid);
  try {
    standin = await startSlackStandin();
    sandbox = await startSandboxProcess({ dialect: p.dialect, maxRunning: TRAINING, seed: false });
    const api = `${sandbox.url}/v1`;
    const env = {
      ...p.appEnv(api),
      STORE_URL: storeUrl,
      POLL_INTERVAL_SECONDS: String(INTERVAL_S),
    };
    const start = (label: string) =>
      startAppProcess({ standin: standin as SlackStandin, env, cwd, label }).then((a) => {
        app = a;
        return a;
      });
    rss.phase('idle');
    await start('app');
    await sleep(3_000);
    const idleRss = rssOfPid((app as AppProcess).pid) ?? 0;

    // The jobs, made by another client of the API; the first 500 take the training slots.
    const file = await p.uploadTrainingFile(api, TRAINING_LINES);
    const ids = await p.createJobs(api, file, JOBS, 'scale');
    const ours = new Set(ids);
    await sleep(LEAD_IN_MS);
    checkScenario(p, await p.listAll(api), ours);

    await sandbox.setFaults({ latencyMs: LATENCY_MS });
    rss.phase('seeding');
    const seeded = await watchByCommands((app as AppProcess).driver, standin, channelPlan(ids));
    if (seeded.watching !== WATCHES)
      throw new Error(
        `${seeded.watching} of ${WATCHES} watches started; other answers: ${seeded.otherSamples.join(' | ')}`,
      );

    // Passes: two to settle (the first may have begun during seeding, so the second is the one that
    // learns the jobs watched last, each with one GET), then the measured ones.
    const memSeeded = await memoryOf(app as AppProcess);
    rss.phase('warm passes');
    const oldestWatched = ids[0] as string;
    await passEnd(app as AppProcess, await passesDone(app as AppProcess));
    await passEnd(app as AppProcess, await passesDone(app as AppProcess));
    let listing = await p.listAll(api);
    checkScenario(p, listing, ours);
    const warm: Pass[] = [];
    for (let i = 0; i < WARM_PASSES; i++) {
      const m = await measurePass(p, app as AppProcess, sandbox, listing, oldestWatched, ours);
      warm.push(m.pass);
      listing = m.after;
    }
    checkScenario(p, listing, ours);
    const memWarm = await memoryOf(app as AppProcess);

    // Restart on the same store file: SIGTERM (as a deploy does), then a new process.
    await (app as AppProcess).stop('SIGTERM');
    await sandbox.resetStats();
    rss.phase('after the restart');
    const restarted = await start('app after restart');
    const first = await measurePass(p, restarted, sandbox, listing, oldestWatched, ours);
    const memRestarted = await memoryOf(restarted);
    rss.phase('end');
    rss.stop();
    const peaks = rss.peaks();

    const last = warm[warm.length - 1] as Pass;
    const warmCalls = warm.map((p) => p.list + p.get);
    const worstCalls = Math.max(...warmCalls);
    const boundOf = (p: Pass) => p.bound.total;
    const passCalls = (metric: string, ours: number, label: string, value: number): Measurement => ({
      metric,
      unit: 'calls',
      ours,
      baseline: { label, value },
    });
    const describe = (p: Pass) =>
      `${p.list} list + ${p.get} GET (bound: ${p.bound.pages} status + ${p.bound.changed} changed + ` +
      `${p.bound.refresh} refresh, edit budget ${fmt(p.bound.budget)}` +
      (p.fetched
        ? `; the engine says ${p.fetched.changed} fetched for a change, ${p.fetched.progress} for progress)`
        : ')');
    // Quiet: no job changed status (by the engine's own count when it gives one).
    const quiet = warm.filter((p) => (p.fetched?.changed ?? p.bound.changed) === 0);
    const watchReads = quiet.length > 0 ? maxOf(quiet.map((p) => p.watchReads)) : undefined;
    const measurements: Measurement[] = [
      passCalls('provider calls / warm pass (worst)', worstCalls, 'stated lower bound', boundOf(last)),
      passCalls('provider calls / warm pass (worst)', worstCalls, 'one GET per watch', WATCHES),
      passCalls(
        'provider calls / first pass after a restart',
        first.pass.list + first.pass.get,
        'stated lower bound (a warm pass)',
        boundOf(first.pass),
      ),
      passCalls(
        'provider calls / first pass after a restart',
        first.pass.list + first.pass.get,
        'mean warm pass, same run',
        mean(warmCalls),
      ),
      {
        metric: `warm pass time, ${LATENCY_MS} ms API latency (worst)`,
        unit: 's',
        ours: Math.max(...warm.map((p) => p.seconds)),
        baseline: { label: 'goal', value: GOAL_PASS_S },
      },
      {
        metric: `warm pass time, ${LATENCY_MS} ms API latency (worst)`,
        unit: 's',
        ours: Math.max(...warm.map((p) => p.seconds)),
        baseline: {
          label: 'latency floor: pages in sequence, then one round of GETs',
          value: ((last.bound.pages + (last.get > 0 ? 1 : 0)) * LATENCY_MS) / 1000,
        },
      },
      {
        metric: 'first pass after a restart',
        unit: 's',
        ours: first.pass.seconds,
        baseline: { label: 'mean warm pass, same run', value: mean(warm.map((p) => p.seconds)) },
      },
      ...(watchReads === undefined
        ? []
        : [
            {
              metric: 'watch records read / quiet pass (no status change, worst)',
              unit: 'reads',
              ours: watchReads,
              baseline: { label: 'every watch (goal: none)', value: WATCHES },
            },
          ]),
      ...(first.pass.watchReads === undefined
        ? []
        : [
            {
              metric: 'watch records read / first pass after a restart',
              unit: 'reads',
              ours: first.pass.watchReads,
              baseline: { label: 'every watch', value: WATCHES },
            },
          ]),
      {
        metric: 'peak RSS of the app process, seeding included',
        unit: 'MB',
        ours: rss.peak(),
        baseline: { label: 'goal', value: GOAL_RSS_MB },
      },
      {
        metric: 'peak RSS of the app process, seeding included',
        unit: 'MB',
        ours: rss.peak(),
        baseline: { label: 'the same process idle, before any job', value: idleRss },
      },
    ];
    const peakList = [...peaks.entries()]
      .filter(([phase]) => phase !== 'start' && phase !== 'end')
      .map(([phase, mb]) => `${phase} ${mb.toFixed(0)} MB`)
      .join(', ');
    const memory =
      `just after seeding ${memSeeded}; after the warm passes ${memWarm}; after the first pass of the ` +
      `restarted process ${memRestarted}`;
    const reads = (p: Pass) =>
      p.watchReads === undefined
        ? 'not exported by this version'
        : `${fmt(p.watchReads)} watch and ${fmt(p.stateReads ?? 0)} job-state records`;
    return {
      measurements,
      notes: [
        `${fmt(WATCHES)} watches (${WATCHES_PER_JOB} channels per job, ${CHANNELS} channels) over ${fmt(JOBS)} ` +
          `jobs on the ${p.label} API: the sandbox as its own process (\`SANDBOX_DIALECT=${p.dialect}\`, ` +
          `\`SANDBOX_MAX_RUNNING=${TRAINING}\`), so ${TRAINING} train (progress moves every pass) and ` +
          `${fmt(IDLE)} wait \`${p.waiting}\` for a training slot: live, not terminal, unchanged. Checked before ` +
          `and after the passes.`,
        `The app is the compiled \`dist/main.js\` in its own process, run as \`npm start\` runs it (\`${Object.entries(
          NODE_ENV,
        )
          .map(([k, v]) => `${k}=${v} `)
          .join('')}node ${NODE_FLAGS.join(' ')}\`; HTTP mode, \`FINETUNE_PROVIDER=${p.dialect}\`, ` +
          `\`POLL_INTERVAL_SECONDS=${INTERVAL_S}\`, SQLite store in a temp dir on disk), talking to the Slack ` +
          `stand-in in the benchmark's process; ${LATENCY_MS} ms on every API call (\`/_sandbox/faults\`) from ` +
          'the seeding on.',
        `Seeded as users would: \`/finetune watch <id>\` typed in each of the ${CHANNELS} channels one after ` +
          `another (answer awaited), all channels at once: ${(seeded.ms / 1000).toFixed(0)} s for ` +
          `${fmt(WATCHES)} watches (cards post at one per second per channel, so ≥ ${WATCHES / CHANNELS - 1} s).`,
        `Passes found by scraping GET /metrics (\`finetune_poll_passes_total\`); calls counted by the sandbox ` +
          `(\`/_sandbox/stats\`, reset between passes): provider calls = list pages + job GETs. Warm passes: ` +
          `${warm.map(describe).join('; ')}. First pass after the restart: ${describe(first.pass)}.`,
        `Each job GET of the ${p.label} adapter is ${p.getRequests}: ` +
          `${warm.map((p) => fmt(p.http)).join(', ')} requests in all per warm pass, ${fmt(first.pass.http)} ` +
          'in the first after the restart.',
        `Lower bound per warm pass (bench/README.md): status detection, ${p.detection} = ` +
          `${last.bound.pages} + one GET per job whose status changed (counted from the API's ` +
          `list before and after the pass) + ⌊E / ${WATCHES_PER_JOB} cards per job⌋ refresh GETs, E = ` +
          `${UPDATES_PER_MINUTE} × ${INTERVAL_S} / 60 − card edits still queued when the pass starts ` +
          `(\`finetune_slack_queued{kind="update"}\`${warm[0]?.bound.budget === (UPDATES_PER_MINUTE * INTERVAL_S) / 60 ? ', 0 when not exported' : ''}).`,
        `Store reads per pass (\`finetune_poll_last_pass_store_reads\`): warm ${warm.map(reads).join('; ')}; ` +
          `first after the restart ${reads(first.pass)}.`,
        `Pass time from \`finetune_poll_last_pass_duration_seconds\` (or the duration histogram's sum). ` +
          `Restart: SIGTERM, then a new process on the same store file; its first pass is at its first slot.`,
        `RSS: VmRSS of the app's process from /proc every 100 ms from its start to the end (the restarted ` +
          `process too); peak by phase: ${peakList}. The app's own figures (MB, GET /metrics): ${memory}.`,
      ],
    };
  } finally {
    rss.stop();
    await app?.stop().catch(() => undefined);
    await sandbox?.stop().catch(() => undefined);
    await standin?.close();
    rmSync(cwd, { recursive: true, force: true });
  }
}
