interface Waiter {
  check(): void;
  fail(reason: string): void;
}

/**
 * Lets tests wait for a state instead of sleeping: every waiter is re-checked whenever the stand-in records
 * something. The timeout is only a safety net that fails with a description of what was seen.
 */
export class Waiters {
  private readonly waiters = new Set<Waiter>();

  wait<T>(
    predicate: () => T | undefined | null | false,
    timeoutMs: number,
    describe: (lastError: unknown) => string,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let lastError: unknown;
      const done = () => {
        this.waiters.delete(waiter);
        clearTimeout(timer);
      };
      const waiter: Waiter = {
        check: () => {
          try {
            const v = predicate();
            if (v === undefined || v === null || v === false) return;
            done();
            resolve(v);
          } catch (e) {
            // A predicate that throws (say it reads a message not posted yet) simply has not held yet.
            lastError = e;
          }
        },
        fail: (reason) => {
          done();
          reject(new Error(reason));
        },
      };
      const timer = setTimeout(() => waiter.fail(describe(lastError)), timeoutMs);
      this.waiters.add(waiter);
      waiter.check();
    });
  }

  notify(): void {
    for (const w of [...this.waiters]) w.check();
  }

  /** Fails every pending wait, so no test hangs on a stand-in that was closed. */
  failAll(reason: string): void {
    for (const w of [...this.waiters]) w.fail(reason);
  }
}
