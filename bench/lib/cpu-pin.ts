import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

/**
 * Where the ack benchmarks' processes run. In production the app has its CPU to itself and Slack and
 * the provider run on other machines; here all of them share this machine. So the app under test (the
 * app or the bare app, one at a time) gets CPU 0 and everything that stands in for another machine
 * (the sandbox, the load generator, the response sink) CPU 1. Without that, the stand-ins' work
 * preempts the app mid-request, and more in the app's rounds than in the bare app's (the app's
 * commands make the sandbox and the sink work; the bare app's do not).
 */
export interface CpuPlan {
  /** `taskset -c` lists, or undefined when the machine cannot pin (fewer than 2 CPUs, no taskset). */
  app?: string;
  others?: string;
  /** One sentence for the benchmark's notes. */
  describe: string;
}

function hasTaskset(): boolean {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function planCpus(): CpuPlan {
  const n = availableParallelism();
  if (n < 2 || !hasTaskset())
    return {
      describe: `No CPU pinning (${n} CPU(s)${n >= 2 ? ', no taskset' : ''}): every process shares every CPU.`,
    };
  const others = n === 2 ? '1' : `1-${n - 1}`;
  return {
    app: '0',
    others,
    describe:
      `CPU pinning (taskset): the app under test on CPU 0, alone; the sandbox, the load generator and this ` +
      `process (the response sink) on CPU ${others}, as the stand-ins for Slack and the provider.`,
  };
}

/** Pins every thread of this process to `cpus` and returns how to undo it (later benchmarks share it). */
export function pinThisProcess(cpus: string | undefined): () => void {
  if (!cpus) return () => {};
  const all = `0-${availableParallelism() - 1}`;
  execFileSync('taskset', ['-a', '-p', '-c', cpus, String(process.pid)], { stdio: 'ignore' });
  return () => execFileSync('taskset', ['-a', '-p', '-c', all, String(process.pid)], { stdio: 'ignore' });
}
