import type Keyv from 'keyv';
import type { BudgetStore, ChannelBudget } from '../domain/budget.js';
import type { KeyvFactory } from './keyv-factory.js';

/** Each channel's budgets: one record per channel, kept until changed (a budget has no expiry). */
export function createBudgetStore(kv: KeyvFactory): BudgetStore {
  const records: Keyv<ChannelBudget> = kv.open<ChannelBudget>('budgets');
  return {
    get: (channel) => records.get(channel),
    async put(b) {
      await records.set(b.channel, b);
    },
    async remove(channel) {
      await records.delete(channel);
    },
  };
}
