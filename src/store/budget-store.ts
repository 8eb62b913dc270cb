import type Keyv from 'keyv';
import type { BudgetStore, ChannelBudget, JobUsage } from '../domain/budget.js';
import type { KeyvFactory } from './keyv-factory.js';

/** An ended job's usage counts in the month it was created: kept past the longest month. */
const SETTLED_TTL_MS = 62 * 24 * 3600 * 1000;

/**
 * Each channel's budgets: one record per channel, kept until changed (a budget has no expiry). And
 * what each ended job counts, by job id, so a Start in a busy channel reads only its live jobs from
 * the provider.
 */
export function createBudgetStore(kv: KeyvFactory): BudgetStore {
  const records: Keyv<ChannelBudget> = kv.open<ChannelBudget>('budgets');
  const settled: Keyv<JobUsage> = kv.open<JobUsage>('budgetsettled');
  return {
    get: (channel) => records.get(channel),
    async put(b) {
      await records.set(b.channel, b);
    },
    async remove(channel) {
      await records.delete(channel);
    },
    async settledUsage(jobIds) {
      const found = new Map<string, JobUsage>();
      if (jobIds.length === 0) return found;
      const values = await settled.getMany(jobIds);
      jobIds.forEach((id, i) => {
        const u = values[i];
        if (u) found.set(id, u);
      });
      return found;
    },
    async settle(jobId, usage) {
      await settled.set(jobId, usage, SETTLED_TTL_MS);
    },
  };
}
