/**
 * The fingerprint of what each card shows, as last sent by this process, grouped by job so that the
 * cards of a job that is no longer watched are forgotten with it: the memory stays proportional to
 * the live watches, however many jobs were ever watched.
 */
export interface CardMemory {
  get(jobId: string, card: string): string | undefined;
  set(jobId: string, card: string, fingerprint: string): void;
  delete(jobId: string, card: string): void;
  /** Forgets every job not in `live`. */
  retain(live: ReadonlySet<string>): void;
  /** Cards remembered (tests, metrics). */
  size(): number;
}

export function createCardMemory(): CardMemory {
  const byJob = new Map<string, Map<string, string>>();
  return {
    get: (jobId, card) => byJob.get(jobId)?.get(card),
    set(jobId, card, fingerprint) {
      const cards = byJob.get(jobId) ?? new Map<string, string>();
      cards.set(card, fingerprint);
      byJob.set(jobId, cards);
    },
    delete(jobId, card) {
      const cards = byJob.get(jobId);
      cards?.delete(card);
      if (cards?.size === 0) byJob.delete(jobId);
    },
    retain(live) {
      for (const jobId of byJob.keys()) if (!live.has(jobId)) byJob.delete(jobId);
    },
    size: () => {
      let n = 0;
      for (const cards of byJob.values()) n += cards.size;
      return n;
    },
  };
}
