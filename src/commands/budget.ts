import { formatMoney, parseAmount } from '../domain/money.js';
import { recordAudit } from '../use-cases/audit.js';
import { channelUsage } from '../use-cases/budget-check.js';
import { parseChannelRef } from '../use-cases/channel-ref.js';
import { viewContext } from '../use-cases/deps.js';
import { reply, replyNotice } from '../use-cases/reply.js';
import { buildBudgetMessage } from '../views/budget-message.js';
import { code } from '../views/escape.js';
import type { CommandContext } from './context.js';

export const BUDGET_USAGE =
  'Usage: `/finetune budget [#channel] <amount> per month` (e.g. `50 USD per month`), `/finetune budget [#channel] off`, or `/finetune budget [#channel]` to see it.';

type BudgetArgs =
  | { kind: 'show'; channel: string }
  | { kind: 'set'; channel: string; amount: number; currency: string }
  | { kind: 'off'; channel: string }
  | { kind: 'problem'; sentence: string };

/** `[#channel] [<amount> per month | off]`. */
export function parseBudgetArgs(args: string[], current: string): BudgetArgs {
  let rest = args;
  let channel = current;
  if (rest[0]?.startsWith('<#') || rest[0]?.startsWith('#')) {
    const ref = parseChannelRef(rest[0], current);
    if (ref.kind === 'problem') return { kind: 'problem', sentence: ref.sentence };
    channel = ref.id;
    rest = rest.slice(1);
  }
  if (rest.length === 0) return { kind: 'show', channel };
  if (rest.length === 1 && rest[0]?.toLowerCase() === 'off') return { kind: 'off', channel };
  const text = rest.join(' ').replace(/\s*(?:per|a|\/)\s*month\s*$/i, '');
  if (text === rest.join(' '))
    return { kind: 'problem', sentence: `Budgets are monthly: say \`per month\`. ${BUDGET_USAGE}` };
  const a = parseAmount(text);
  if (!a.ok) return { kind: 'problem', sentence: `${code(text)}: ${a.sentence}` };
  if (!a.currency)
    return {
      kind: 'problem',
      sentence: `Say which currency, e.g. \`${text} USD per month\`: costs are kept per currency.`,
    };
  if (a.amount <= 0)
    return {
      kind: 'problem',
      sentence: `A budget must be more than zero; to remove it, \`/finetune budget off\`.`,
    };
  return { kind: 'set', channel, amount: a.amount, currency: a.currency };
}

/** `/finetune budget` (operators): set, remove or show a channel's monthly budget, per currency. */
export async function handleBudget({ args, command, respond, deps }: CommandContext): Promise<void> {
  const parsed = parseBudgetArgs(args, command.channel_id);
  if (parsed.kind === 'problem') return replyNotice(respond, deps, parsed.sentence);
  const { channel } = parsed;
  const user = command.user_id;
  if (parsed.kind === 'off') {
    await deps.budgets.remove(channel);
    await recordAudit(deps, { user, action: 'budget_set', channel, detail: 'removed' });
    return replyNotice(respond, deps, `<#${channel}> has no budget any more.`);
  }
  if (parsed.kind === 'set') {
    const old = await deps.budgets.get(channel);
    const money = { amount: parsed.amount, currency: parsed.currency };
    // One budget per currency: this one replaces the same currency's, and keeps the others.
    const monthly = [...(old?.monthly ?? []).filter((m) => m.currency !== money.currency), money];
    await deps.budgets.put({ channel, monthly, setBy: user, setAt: deps.now() });
    await recordAudit(deps, {
      user,
      action: 'budget_set',
      channel,
      detail: `${formatMoney(money)} per month`,
    });
  }
  const budget = await deps.budgets.get(channel);
  const usage = await channelUsage(deps, channel);
  await reply(respond, buildBudgetMessage(viewContext(deps), channel, budget, usage), deps.logger);
}
