import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

export interface NodeProcess {
  readonly label: string;
  readonly child: ChildProcess;
  readonly pid: number;
  /** The first stdout line that matched `ready`. */
  readonly readyLine: string;
  /** The last lines of stderr and stdout, for an error message. */
  tail(): string;
  /** Sends `signal` (default SIGTERM) and resolves once the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface StartNodeOptions {
  label: string;
  /** Arguments of `node` (the script first). */
  args: string[];
  env: Record<string, string>;
  cwd?: string;
  /** A stdout line that says the process is ready. */
  ready: RegExp;
  timeoutMs?: number;
}

const TAIL_LINES = 40;

/**
 * Starts `node <args>` as its own process (the machine's Node, as `npm start` would) and resolves
 * once a stdout line matches `ready`. Output is read line by line and only the last lines kept, so
 * a chatty process costs the benchmark no memory.
 */
export async function startNodeProcess(o: StartNodeOptions): Promise<NodeProcess> {
  const child = spawn(process.execPath, o.args, {
    cwd: o.cwd,
    env: o.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (l: string) => {
    lines.push(l);
    if (lines.length > TAIL_LINES) lines.shift();
  };
  const tail = () => lines.join('\n');
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', keep);
  const stdout = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const readyLine = await new Promise<string>((ready, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`${o.label} did not start in time\n${tail()}`)),
      o.timeoutMs ?? 30_000,
    );
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      fail(new Error(`${o.label} exited (${code ?? signal})\n${tail()}`));
    });
    let seen = false;
    stdout.on('line', (line) => {
      keep(line);
      if (!seen && o.ready.test(line)) {
        seen = true;
        clearTimeout(timer);
        ready(line);
      }
    });
  });
  return {
    label: o.label,
    child,
    pid: child.pid as number,
    readyLine,
    tail,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** Resident set size of a process from /proc/<pid>/status (Linux), in MB; undefined once it is gone. */
export function rssOfPid(pid: number): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * VmRSS of whichever process `pid()` names, every `everyMs`, with the peak kept per phase: the
 * caller names the phase it enters (`phase('seeding')`), so a process can be followed across a
 * restart (a new pid) without a gap in the samples.
 */
export function traceRss(pid: () => number | undefined, everyMs = 100) {
  const peaks = new Map<string, number>();
  let current = 'start';
  let samples = 0;
  const sample = () => {
    const p = pid();
    const mb = p === undefined ? undefined : rssOfPid(p);
    if (mb === undefined) return;
    samples++;
    peaks.set(current, Math.max(peaks.get(current) ?? 0, mb));
  };
  const timer = setInterval(sample, everyMs);
  return {
    phase(name: string) {
      sample();
      current = name;
      sample();
    },
    /** Peak per phase (MB), in the order the phases began. */
    peaks: () => new Map(peaks),
    peak: () => Math.max(0, ...peaks.values()),
    get samples() {
      return samples;
    },
    stop() {
      sample();
      clearInterval(timer);
    },
  };
}
