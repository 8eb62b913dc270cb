import type { JobDetails } from './job.js';
import { formatMoney, type Money } from './money.js';
import { phaseOf } from './status.js';

/** A channel's monthly budgets, one per currency (amounts in different currencies are never added). */
export interface ChannelBudget {
  channel: string;
  monthly: Money[];
  setBy: string;
  /** Milliseconds since the epoch. */
  setAt: number;
}

/** What one job adds to its channel's usage: its estimate, and how it counts (or not at all). */
export interface JobUsage {
  kind?: 'spent' | 'committed';
  cost?: number;
  /** Upper case. */
  currency?: string;
  /** Seconds since the epoch, as the job's `created_at`. */
  createdAt: number;
}

/** Each channel's budgets, in the store, and what ended jobs count (it cannot change any more). */
export interface BudgetStore {
  get(channel: string): Promise<ChannelBudget | undefined>;
  put(b: ChannelBudget): Promise<void>;
  remove(channel: string): Promise<void>;
  /** The usage recorded for those of these jobs that had ended when last read, by job id. */
  settledUsage(jobIds: string[]): Promise<Map<string, JobUsage>>;
  /** Records an ended job's usage, so later budget checks need not ask the provider again. */
  settle(jobId: string, usage: JobUsage): Promise<void>;
}

/** This month's spending of a channel in one currency. */
export interface CurrencyUsage {
  currency: string;
  /** Ended jobs that trained: their estimate (no provider here reports a billed cost). */
  spent: number;
  /** Jobs training or about to (queued or validating with auto start): their estimate. */
  committed: number;
}

/** The first instant of the UTC month holding `nowMs`. */
export function monthStartMs(nowMs: number): number {
  const d = new Date(nowMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** How a job counts against a budget: spent, committed, or not at all (never trained, or waiting). */
export function budgetKind(job: JobDetails): 'spent' | 'committed' | undefined {
  const phase = phaseOf(job.status);
  if (phase === 'training' || phase === 'ending') return 'committed';
  if ((phase === 'queued' || phase === 'validating') && job.auto_start) return 'committed';
  const trained = job.events.some((e) => e.data?.status === 'STARTED' || e.data?.status === 'RUNNING');
  if (phase === 'succeeded' || ((phase === 'failed' || phase === 'cancelled') && trained)) return 'spent';
  return undefined;
}

/** What the job adds to its channel's usage now. */
export function jobUsageOf(job: JobDetails): JobUsage {
  const kind = budgetKind(job);
  const cost = job.metadata?.cost ?? undefined;
  const currency = job.metadata?.cost_currency?.toUpperCase();
  return {
    createdAt: job.created_at,
    ...(kind ? { kind } : {}),
    ...(cost != null ? { cost } : {}),
    ...(currency ? { currency } : {}),
  };
}

/** Adds the jobs' estimates per currency; a job without a cost or a currency is left out. */
export function usageOf(jobs: JobDetails[]): CurrencyUsage[] {
  return sumUsage(jobs.map(jobUsageOf));
}

/** Adds estimates per currency; one without a cost or a currency is left out. */
export function sumUsage(usages: JobUsage[]): CurrencyUsage[] {
  const by = new Map<string, CurrencyUsage>();
  for (const { kind, cost, currency } of usages) {
    if (!kind || cost == null || !currency) continue;
    const u = by.get(currency) ?? { currency, spent: 0, committed: 0 };
    u[kind] += cost;
    by.set(currency, u);
  }
  return [...by.values()];
}

export interface BudgetOverrun {
  budget: Money;
  usage: CurrencyUsage;
  estimate: Money;
}

/** The budget this start would take past its amount (same currency only), or undefined. */
export function overrunOf(
  budget: ChannelBudget | undefined,
  usage: CurrencyUsage[],
  estimate: Partial<Money>,
): BudgetOverrun | undefined {
  if (!budget || estimate.amount == null || !estimate.currency) return undefined;
  const currency = estimate.currency.toUpperCase();
  const limit = budget.monthly.find((m) => m.currency === currency);
  if (!limit) return undefined;
  const u = usage.find((x) => x.currency === currency) ?? { currency, spent: 0, committed: 0 };
  if (u.spent + u.committed + estimate.amount <= limit.amount) return undefined;
  return { budget: limit, usage: u, estimate: { amount: estimate.amount, currency } };
}

/** "Starting it (about 13.11 USD) would take #team past its 50.00 USD budget: 40.00 spent, 5.00 committed, 5.00 left this month." */
export function overrunSentence(o: BudgetOverrun, channel: string): string {
  const c = o.budget.currency;
  const left = Math.max(0, o.budget.amount - o.usage.spent - o.usage.committed);
  const n = (x: number) => formatMoney({ amount: x, currency: c });
  return `starting it (about ${n(o.estimate.amount)}) would take <#${channel}> past its monthly budget of ${n(o.budget.amount)}: ${n(o.usage.spent)} spent and ${n(o.usage.committed)} committed this month, ${n(left)} left`;
}
