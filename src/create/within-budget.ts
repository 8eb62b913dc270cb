/** How long a submit handler waits for the backend before it acks with a "working on it" view. */
export const ACK_BUDGET_MS = 2_000;

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Races work against the ack window. Returns the outcome if it settles in time, else undefined; the
 * caller then acks and awaits `later` (which never rejects, so nothing is left unhandled).
 */
export async function withinBudget<T>(
  work: Promise<T>,
  budgetMs: number,
): Promise<{ now: Settled<T> | undefined; later: Promise<Settled<T>> }> {
  const later = settle(work);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), budgetMs);
  });
  const now = await Promise.race([later, timeout]);
  clearTimeout(timer);
  return { now, later };
}

/** The outcome of `work` as a value: never rejects. */
export function settle<T>(work: Promise<T>): Promise<Settled<T>> {
  return work.then(
    (value): Settled<T> => ({ ok: true, value }),
    (error: unknown): Settled<T> => ({ ok: false, error }),
  );
}
