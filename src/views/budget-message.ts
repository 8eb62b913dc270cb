import type { ChannelBudget, CurrencyUsage } from '../domain/budget.js';
import { formatMoney } from '../domain/money.js';
import { BLOCK } from './ids.js';
import { context, section } from './kit.js';
import { finishMessage } from './message.js';
import type { SlackMessage, ViewContext } from './types.js';

/** One line per currency: set, spent, committed, left. Currencies are never added together. */
export function budgetLines(budget: ChannelBudget | undefined, usage: CurrencyUsage[]): string[] {
  const currencies = [
    ...new Set([...(budget?.monthly ?? []).map((m) => m.currency), ...usage.map((u) => u.currency)]),
  ];
  return currencies.sort().map((currency) => {
    const n = (amount: number) => formatMoney({ amount, currency });
    const set = budget?.monthly.find((m) => m.currency === currency);
    const u = usage.find((x) => x.currency === currency) ?? { spent: 0, committed: 0 };
    const head = set ? `*${n(set.amount)}* per month` : `*no budget* in ${currency}`;
    const left = set ? ` · ${n(Math.max(0, set.amount - u.spent - u.committed))} left` : '';
    return `${head} · ${n(u.spent)} spent · ${n(u.committed)} committed${left}`;
  });
}

/** `/finetune budget`: what is set for the channel and where this month stands. */
export function buildBudgetMessage(
  ctx: ViewContext,
  channel: string,
  budget: ChannelBudget | undefined,
  usage: CurrencyUsage[],
): SlackMessage {
  const lines = budgetLines(budget, usage);
  const body = lines.length > 0 ? lines.join('\n') : 'No budget is set and nothing was spent this month.';
  const text = `*Budget of <#${channel}> this month*\n${body}`;
  return finishMessage(ctx, `Budget of ${channel}`, [
    section(BLOCK.budget, text),
    context(`${BLOCK.budget}_note`, [
      'Spent: ended jobs that trained, at their estimate. Committed: jobs training or about to. Counted from the jobs whose cards are in the channel, created since the 1st (UTC).',
    ]),
  ]);
}
