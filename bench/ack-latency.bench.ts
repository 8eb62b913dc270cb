import { rmSync } from 'node:fs';
import { LOCAL_SIGNING_SECRET } from '../devtools/local-stack.js';
import { startSlackStandin } from '../devtools/slack-standin.js';
import { ensureBuilt, ROOT } from '../scripts/build.mjs';
import { type LoadGenerator, startLoadGenerator } from './lib/ack-load.js';
import { type Child, type LoopDelay, settle } from './lib/ack-processes.js';
import { diskStoreDir } from './lib/ack-store-dir.js';
import { sandboxCall, startTrio, type Trio } from './lib/ack-trio.js';
import { lowerThisProcess, planCpus } from './lib/cpu-priority.js';
import { percentile } from './lib/stats.js';
import type { Benchmark, BenchResult, Measurement } from './lib/types.js';

const BACKEND_LATENCY_MS = 300;
const CONCURRENCY = 20;
// Alternating rounds (bare, app, bare, app, …) spread any change in machine load over both apps.
// Many short rounds rather than a few long ones: a burst of load from elsewhere then falls on both sides.
const ROUNDS = 10;
const PER_ROUND = 100;
const WARMUP = 100;
/** `ACK_BENCH_CPU_PROF=<dir>`: the app runs with --cpu-prof into that folder (finding stalls). */
const CPU_PROF = process.env.ACK_BENCH_CPU_PROF;

interface Side {
  ack: number[];
  /** Acks of the first command of each client in each round: all sent at once, on new connections. */
  opening: number[];
  /** The other acks: each sent when that client's previous command was done. */
  steady: number[];
  /** App only: until the job card reached the response_url. */
  answer: number[];
  /** Ack p99 of each measured round. */
  roundP99: number[];
  /** The child's own event-loop delay in each measured round. */
  loop: LoopDelay[];
  /** The child's CPU time over the measured rounds, ms. */
  cpuMs: number;
  /** The load generator's longest event-loop stall in this side's rounds, ms. */
  loadStallMs: number;
}
const emptySide = (): Side => ({
  ack: [],
  opening: [],
  steady: [],
  answer: [],
  roundP99: [],
  loop: [],
  cpuMs: 0,
  loadStallMs: 0,
});

async function pickJobPrefix(sandboxUrl: string): Promise<string> {
  const page = (await sandboxCall(sandboxUrl, 'GET', '/v1/fine_tuning/jobs?page_size=100')) as {
    data: { id: string; status: string }[];
  };
  const job = page.data.find((j) => j.status === 'RUNNING') ?? page.data[0];
  if (!job) throw new Error('the sandbox has no job to ask about');
  return job.id.slice(0, 8);
}

/**
 * One round against one app. The app: ack time, then the time until the job card reaches the
 * response_url (each client waits for it). The bare app sends no answer, so its client waits `thinkMs`
 * (the app's backend floor) after the ack, as the app's client waits for the card.
 */
async function runRound(
  load: LoadGenerator,
  appUrl: string,
  o: { prefix: string; n: number; app: boolean; thinkMs: number },
  into: Side,
): Promise<void> {
  const { acks, answers } = await load.round({
    appUrl,
    signingSecret: LOCAL_SIGNING_SECRET,
    text: `status ${o.prefix}`,
    total: o.n,
    concurrency: CONCURRENCY,
    awaitAnswer: o.app,
    thinkMs: o.thinkMs,
    ...(o.app ? { answerMustInclude: o.prefix } : {}),
  });
  into.ack.push(...acks);
  into.opening.push(...acks.slice(0, CONCURRENCY));
  into.steady.push(...acks.slice(CONCURRENCY));
  into.answer.push(...answers);
}

/** One measured round: the loop delays and the child's CPU time are read over exactly the round. */
async function measured(child: Child, load: LoadGenerator, side: Side, work: () => Promise<void>) {
  child.resetLoopDelay();
  load.child.resetLoopDelay();
  const cpu0 = child.cpuMs();
  const before = side.ack.length;
  await work();
  side.roundP99.push(percentile(side.ack.slice(before), 99));
  side.cpuMs += child.cpuMs() - cpu0;
  side.loop.push(await child.readLoopDelay());
  side.loadStallMs = Math.max(side.loadStallMs, (await load.child.readLoopDelay()).max);
  load.collect();
  await settle(child);
}

async function run(): Promise<BenchResult> {
  ensureBuilt();
  const { dir, fsType } = diskStoreDir('ack-latency-', ROOT);
  // The Web API for both apps' start-up calls (auth.test); the commands' answers go to the sink.
  const standin = await startSlackStandin();
  const cpus = planCpus();
  const restorePriority = lowerThisProcess(cpus);
  let trio: Trio | undefined;
  let load: LoadGenerator | undefined;
  try {
    trio = await startTrio({
      standin,
      dir,
      ...(cpus.standinNice === undefined ? {} : { sandboxNice: cpus.standinNice }),
      nodeFlags: CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`] : [],
    });
    load = await startLoadGenerator({
      teamId: standin.teamId,
      ...(cpus.loadNice === undefined ? {} : { nice: cpus.loadNice }),
    });
    const { sandbox, bare, app } = trio;
    const gen = load;

    const prefix = await pickJobPrefix(sandbox.address);
    await sandboxCall(sandbox.address, 'POST', '/_sandbox/faults', { latencyMs: BACKEND_LATENCY_MS });
    await sandboxCall(sandbox.address, 'POST', '/_sandbox/stats/reset');
    await runRound(gen, app.address, { prefix, n: WARMUP, app: true, thinkMs: 0 }, emptySide());
    const { total } = (await sandboxCall(sandbox.address, 'GET', '/_sandbox/stats')) as { total: number };
    const callsPerCommand = total / WARMUP;
    // The least time the app's client waits for a card: the calls one command makes, one after another.
    const floor = callsPerCommand * BACKEND_LATENCY_MS;
    gen.collect();
    await settle(app);
    await runRound(gen, bare.address, { prefix, n: WARMUP, app: false, thinkMs: floor }, emptySide());
    gen.collect();
    await settle(bare);

    const ours = emptySide();
    const base = emptySide();
    for (let r = 0; r < ROUNDS; r++) {
      await measured(bare, gen, base, () =>
        runRound(gen, bare.address, { prefix, n: PER_ROUND, app: false, thinkMs: floor }, base),
      );
      await measured(app, gen, ours, () =>
        runRound(gen, app.address, { prefix, n: PER_ROUND, app: true, thinkMs: 0 }, ours),
      );
    }
    const bareLabel = 'bare Bolt app, own process';
    const worst = (s: Side, k: keyof LoopDelay) => Math.max(...s.loop.map((l) => l[k]));
    const measurements: Measurement[] = [
      ...([50, 99] as const).map((p) => ({
        metric: `ack p${p}`,
        unit: 'ms',
        ours: percentile(ours.ack, p),
        baseline: { label: bareLabel, value: percentile(base.ack, p) },
      })),
      {
        metric: `ack p99, each round's opening burst (${CONCURRENCY} at once, new connections)`,
        unit: 'ms',
        ours: percentile(ours.opening, 99),
        baseline: { label: bareLabel, value: percentile(base.opening, 99) },
      },
      {
        metric: 'ack p99, the other commands of each round',
        unit: 'ms',
        ours: percentile(ours.steady, 99),
        baseline: { label: bareLabel, value: percentile(base.steady, 99) },
      },
      {
        metric: 'ack p99 vs one backend call',
        unit: 'ms',
        ours: percentile(ours.ack, 99),
        baseline: { label: 'backend latency', value: BACKEND_LATENCY_MS },
      },
      ...([50, 99] as const).map((p) => ({
        metric: `answer p${p} (response_url post)`,
        unit: 'ms',
        ours: percentile(ours.answer, p),
        baseline: { label: `${callsPerCommand.toFixed(1)} sequential backend calls`, value: floor },
      })),
      {
        metric: 'event-loop delay p99 (worst round)',
        unit: 'ms',
        ours: worst(ours, 'p99'),
        baseline: { label: bareLabel, value: worst(base, 'p99') },
      },
      {
        metric: 'longest event-loop stall',
        unit: 'ms',
        ours: worst(ours, 'max'),
        baseline: { label: bareLabel, value: worst(base, 'max') },
      },
      {
        metric: 'CPU time per command (process)',
        unit: 'ms',
        ours: ours.cpuMs / ours.ack.length,
        baseline: { label: bareLabel, value: base.cpuMs / base.ack.length },
      },
    ];
    const ackRatio = percentile(ours.ack, 99) / percentile(base.ack, 99);
    return {
      measurements,
      notes: [
        `Signed \`/finetune status <8-char job prefix>\` over HTTP from ${CONCURRENCY} clients in a closed loop ` +
          `(each sends its next command once the previous one was answered): ${ours.ack.length} commands per ` +
          `app in ${ROUNDS} rounds of ${PER_ROUND}, bare then app in each, after ${WARMUP} warm-up commands each. ` +
          'Each round starts once the process of the previous one has gone idle (under 10 ms of CPU in 200 ms), ' +
          "so neither app's round shares the machine with the other's after-work.",
        'Four processes beside this one, each started with `node`: the compiled app (`dist/main.js` as `npm start` runs it, with its heap flags, ' +
          `HTTP mode, Mistral key, SQLite store in a temp dir on disk as in production (${fsType}, checked in /proc/mounts; never tmpfs)), ` +
          'the bare Bolt app ' +
          '(`bench/lib/bare-bolt-main.mjs`: Bolt 5.1.0, same HTTPReceiver and signing secret, listeners that ' +
          'only ack), the sandbox (`dist/sandbox/main.js`, Mistral dialect) and the load generator ' +
          '(`bench/lib/ack-load-main.ts`: signs and sends the commands over node:http and times the acks, nothing else; ' +
          'keep-alive connections within a round, new ones at the start of each, for either app alike; it collects ' +
          'its garbage between rounds, so none of its own GC pauses falls inside one). ' +
          "The app's answers (response_url posts) land in this process, which tells the load generator over " +
          'IPC which command was answered: as with Slack, the answers go elsewhere than the client that sends the ' +
          'commands, so taking an answer never delays reading an ack. This process also runs the Slack stand-in ' +
          "for both apps' start-up calls.",
        cpus.describe,
        `Backend latency ${BACKEND_LATENCY_MS} ms on every call (the sandbox's \`/_sandbox/faults\`). The sandbox ` +
          'runs in its own process, not in the app as in sandbox mode, because with a real provider the ' +
          "backend's JSON work happens on another machine, not on the app's event loop.",
        `A prefix lookup costs ${callsPerCommand.toFixed(1)} backend calls (list page + get, counted by the ` +
          `sandbox over the warm-up), so no card can come before ${floor} ms. The bare app answers nothing, so ` +
          `its clients wait that ${floor} ms after each ack instead: both apps see the same 20 clients at about ` +
          'the same pace.',
        'Ack time = from sending the signed request to reading the full HTTP response (client side). p99 of ' +
          `${ours.ack.length} samples is the ${Math.ceil(ours.ack.length / 100)}th-worst.`,
        'Event-loop delay is measured inside each child (`perf_hooks.monitorEventLoopDelay`, 10 ms resolution, ' +
          'preloaded by `bench/lib/ack-loop-delay.mjs`) over each measured round; CPU time per command is ' +
          "the child's utime + stime from /proc over its measured rounds (10 ms ticks) divided by its commands.",
        "After the backend answers, the 20 clients' cards are built and sent in a burst: the clients keep in " +
          'step (each waits the same 300 ms per call), so the CPU time per command above lands at about the same ' +
          'time. So that an ack never waits behind that burst, the app takes its work in turns of the event loop ' +
          '(`src/lib/turns.ts`), with the requests read in between acked first: the work after each `await ack()` ' +
          '(`src/slack/ack-unhandled.ts`), each provider answer before its SDK parses it (`src/lib/turn-fetch.ts`) ' +
          "and what is built from it (each adapter's `call`). libuv accepts one connection per turn of the loop, so " +
          'when the 20 clients of a round open their connections at once the work stands aside in every turn that ' +
          'accepted one (`acceptFirst`, same file): before, the k-th connection of an opening burst waited for k - 1 ' +
          "pieces of post-ack work, which made the app's opening bursts 1.2–2.3× the bare app's. The app's young " +
          'generation is held at 2 MB (`--min-semi-space-size=2`, `scripts/build.mjs`): after the idle gap before a ' +
          'round V8 had shrunk it to a quarter, and the opening burst was scavenged several times as often. ' +
          "Bolt runs every listener's middleware for every " +
          'request, so each Slack surface has one listener for its whole ID table (`src/slack/one-listener.ts`), ' +
          "and Bolt's debug lines are not serialised when debug is off (`src/logging/logger.ts`). A profile " +
          '(`ACK_BENCH_CPU_PROF=<dir>` runs the app with `--cpu-prof`) shows no single hot spot: GC, the Mistral ' +
          "SDK's fetches and zod parsing of answers, Bolt's response_url POST and request handling, the card.",
        `Ack p99 of each round, bare / app (ms): ${base.roundP99.map((b, i) => `${b.toFixed(0)}/${ours.roundP99[i]?.toFixed(0)}`).join(', ')}.`,
        `Goal, ack p99 within 1.5× the bare app: ${ackRatio <= 1.5 ? 'met' : 'not met'} (${ackRatio.toFixed(2)}×)` +
          `${ackRatio < 1 ? ', but a bare app slower than the app is noise (see the rounds above), not a result' : ''}. ` +
          `Of the app's acks at or above its p99 (${percentile(ours.ack, 99).toFixed(1)} ms), ` +
          `${ours.opening.filter((a) => a >= percentile(ours.ack, 99)).length} were in a round's opening burst ` +
          `(${CONCURRENCY} commands at once, on new connections, to an app that had been idle), ` +
          `${ours.steady.filter((a) => a >= percentile(ours.ack, 99)).length} in the rest. Per command the app ` +
          `spends ${(ours.cpuMs / ours.ack.length / (base.cpuMs / base.ack.length)).toFixed(1)}× the CPU time of the bare app ` +
          '(two backend calls, their answers checked, a card built and posted).',
        `The load generator's longest event-loop stall: ${ours.loadStallMs.toFixed(0)} ms in the app's rounds, ` +
          `${base.loadStallMs.toFixed(0)} ms in the bare app's; a stall there delays the measured acks of whichever ` +
          'app is running.',
      ],
    };
  } finally {
    await load?.stop();
    await trio?.stop();
    await standin.close();
    restorePriority();
    rmSync(dir, { recursive: true, force: true });
  }
}

const benchmark: Benchmark = {
  title: 'Slash-command ack latency',
  description:
    'The app acks `/finetune status` before calling the backend, so at 20 concurrent commands with 300 ms ' +
    'of backend latency its ack p99 should stay within 1.5× a bare Bolt app in its own process.',
  run,
};
export default benchmark;
