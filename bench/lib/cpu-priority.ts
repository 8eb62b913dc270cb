import { getPriority, setPriority } from 'node:os';

/**
 * Who gets the CPU first in the ack benchmarks. In production the app has its machine's CPUs to itself
 * and Slack and the provider run elsewhere; here they all share two cores. The app under test (the app
 * or the bare app, one at a time) keeps the default priority and every core (V8 marks and sweeps on
 * helper threads: pinned to one core, those threads preempt the app's own main thread). The sandbox,
 * which stands in for the provider's machines, and this process's main thread, which takes the app's
 * response_url posts as Slack would, run at the lowest priority, so their work never preempts the
 * app. The load generator runs above both: it holds the clock, and when an ack arrives it must read it
 * at once, whichever app is running.
 */
export interface CpuPlan {
  /** `nice` values for the children; undefined when this process may not raise a priority. */
  loadNice?: number;
  standinNice?: number;
  /** One sentence for the benchmark's notes. */
  describe: string;
}

const LOAD_NICE = -10;
const STANDIN_NICE = 19;

/** Raising a priority (a negative nice) needs root or CAP_SYS_NICE: tried on this process and undone. */
function mayRaisePriority(): boolean {
  try {
    setPriority(0, -1);
    setPriority(0, 0);
    return true;
  } catch {
    return false;
  }
}

export function planCpus(): CpuPlan {
  if (!mayRaisePriority())
    return {
      standinNice: STANDIN_NICE,
      describe:
        `Priorities: the sandbox at nice ${STANDIN_NICE}; everything else at the default (raising a ` +
        'priority, or restoring one, needs root).',
    };
  return {
    loadNice: LOAD_NICE,
    standinNice: STANDIN_NICE,
    describe:
      `Priorities: the app under test at the default (nice 0, every core); the sandbox (the provider's ` +
      `stand-in) and the response sink (Slack's) at nice ${STANDIN_NICE}, so their work never preempts ` +
      `the app; the load generator at nice ` +
      `${LOAD_NICE} so it reads each ack the moment it arrives, whichever app is running.`,
  };
}

/**
 * Lowers this process's main thread (the response sink, the stand-in) to `nice` for the benchmark and
 * returns how to undo it: later benchmarks in the same run must not inherit it. Only when the priority
 * can be raised back (see mayRaisePriority).
 */
export function lowerThisProcess(plan: CpuPlan): () => void {
  if (plan.loadNice === undefined || plan.standinNice === undefined) return () => {};
  const before = getPriority(0);
  setPriority(0, plan.standinNice);
  return () => setPriority(0, before);
}
