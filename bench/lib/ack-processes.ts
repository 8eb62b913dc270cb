import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT } from '../../scripts/build.mjs';

/** Preloaded into every child: its own event-loop delay, read over IPC (see the file). */
const LOOP_DELAY = join(ROOT, 'bench/lib/ack-loop-delay.mjs');

export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
  count: number;
}

/** utime + stime of a process, fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 per second). */
function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export interface ChildOptions {
  label: string;
  /** Arguments to `node` after its own flags, e.g. [ENTRY]. */
  args: string[];
  env: Record<string, string>;
  cwd: string;
  /** Resolves with what the ready line says (a port, a URL) once the child printed it. */
  ready: (line: string) => string | undefined;
  /** Extra `node` flags, e.g. --cpu-prof. */
  nodeFlags?: string[];
  /** Runs the child under `nice -n <nice>`, every thread of it (see cpu-priority.ts). */
  nice?: number;
}

export interface Child {
  label: string;
  /** What `ready` returned. */
  address: string;
  /** Every stdout line so far (the app's JSON logs). */
  lines: string[];
  /** CPU time (user + system) the child has used so far, in ms, from /proc (Linux). */
  cpuMs(): number;
  resetLoopDelay(): void;
  readLoopDelay(): Promise<LoopDelay>;
  /** Sends an IPC message to the child. */
  send(message: unknown): void;
  /** Every IPC message from the child other than its loop delay. */
  onMessage(listener: (message: unknown) => void): void;
  stop(): Promise<void>;
}

/**
 * Resolves once the child has gone idle: under one CPU tick (10 ms) in a 200 ms window, for at most
 * 3 s. A round that follows another process's busy round would otherwise share the CPU with its
 * after-work (garbage collection, sockets closing) and look slower than it is.
 */
export async function settle(child: Child): Promise<void> {
  for (let i = 0; i < 15; i++) {
    const before = child.cpuMs();
    await new Promise((r) => setTimeout(r, 200));
    if (child.cpuMs() - before <= 10) return;
  }
}

const isLoopDelayReply = (m: unknown): m is { loopDelay: LoopDelay } =>
  typeof m === 'object' && m !== null && 'loopDelay' in m;

/** Starts `node [flags] --import ack-loop-delay.mjs …args` and waits for its ready line (30 s at most). */
export async function startChild(o: ChildOptions): Promise<Child> {
  const nodeArgs = [...(o.nodeFlags ?? []), '--import', LOOP_DELAY, ...o.args];
  // nice execs node in its own process, so the pid (CPU time, signals) is node's.
  const [file, args] =
    o.nice === undefined
      ? [process.execPath, nodeArgs]
      : ['nice', ['-n', String(o.nice), process.execPath, ...nodeArgs]];
  const child: ChildProcess = spawn(file, args, {
    cwd: o.cwd,
    env: o.env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const lines: string[] = [];
  const stderr: string[] = [];
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (l) => stderr.push(l));
  const address = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${o.label} did not start\n${stderr.join('\n')}`)),
      30_000,
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${o.label} exited (${code})\n${stderr.join('\n')}`));
    });
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      lines.push(line);
      const found = o.ready(line);
      if (found !== undefined) {
        clearTimeout(timer);
        resolve(found);
      }
    });
  });
  return {
    label: o.label,
    address,
    lines,
    cpuMs: () => cpuMsOf(child.pid as number),
    resetLoopDelay: () => child.send('loop-delay:reset'),
    readLoopDelay: () =>
      new Promise<LoopDelay>((resolve) => {
        const onReply = (m: unknown) => {
          if (!isLoopDelayReply(m)) return;
          child.off('message', onReply);
          resolve(m.loopDelay);
        };
        child.on('message', onReply);
        child.send('loop-delay:read');
      }),
    send: (message) => child.send(message as Parameters<ChildProcess['send']>[0]),
    onMessage: (listener) =>
      child.on('message', (m) => {
        if (!isLoopDelayReply(m)) listener(m);
      }),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      await new Promise<void>((done) => {
        child.once('exit', () => done());
        child.kill('SIGTERM');
      });
    },
  };
}
