import {
  type BudgetOverrun,
  type CurrencyUsage,
  type JobUsage,
  jobUsageOf,
  monthStartMs,
  overrunOf,
  sumUsage,
} from '../domain/budget.js';
import type { JobDetails } from '../domain/job.js';
import { isTerminalStatus } from '../domain/status.js';
import { mapLimit } from '../lib/map-limit.js';
import type { AppDeps } from './deps.js';

/** Provider reads one budget check makes at once. */
const READS_AT_ONCE = 8;

/**
 * The channel's usage this month: every job watched in it (cards posted there, which covers the
 * jobs created from it) created since the first of the month (UTC). A job that had ended when last
 * read counts what the store recorded then (an ended job's estimate and kind never change); the
 * others are read from the provider, and those found ended are recorded.
 */
export async function channelUsage(
  deps: AppDeps,
  channel: string,
  exceptJob?: string,
): Promise<CurrencyUsage[]> {
  const since = monthStartMs(deps.now()) / 1000;
  // A watch begun before the month is of a job created before it: nothing to read from the provider.
  const ids = new Set(
    (await deps.watches.watching(channel)).filter((w) => w.createdAt >= since).map((w) => w.jobId),
  );
  if (exceptJob) ids.delete(exceptJob);
  const settled = await deps.budgets.settledUsage([...ids]).catch((err: unknown) => {
    deps.logger.warn({ err }, 'could not read the settled budget usage');
    return new Map<string, JobUsage>();
  });
  const usages: JobUsage[] = [...settled.values()];
  // A few reads at a time: a Start must not fire one request per job of a busy channel at once.
  await mapLimit(
    [...ids].filter((id) => !settled.has(id)),
    READS_AT_ONCE,
    async (id) => {
      const job = await deps.backend.getJob(id).catch((err: unknown) => {
        deps.logger.warn({ err, jobId: id }, 'could not read a job for the budget');
        return undefined;
      });
      if (!job) return;
      const usage = jobUsageOf(job);
      usages.push(usage);
      if (isTerminalStatus(job.status))
        await deps.budgets
          .settle(id, usage)
          .catch((err: unknown) => deps.logger.warn({ err, jobId: id }, 'could not record a settled job'));
    },
  );
  return sumUsage(usages.filter((u) => u.createdAt >= since));
}

/** The channel a job's spending counts against: where its Start was clicked or typed, else where it was created. */
export async function budgetChannelOf(
  deps: AppDeps,
  jobId: string,
  hint: string | undefined,
): Promise<string | undefined> {
  if (hint) return hint;
  return (await deps.creators.createdInfo(jobId).catch(() => undefined))?.channel || undefined;
}

/** The overrun this start would cause in its channel's budget, or undefined (no budget, or within it). */
export async function budgetOverrun(
  deps: AppDeps,
  channel: string | undefined,
  job: Pick<JobDetails, 'id' | 'metadata'>,
): Promise<BudgetOverrun | undefined> {
  if (!channel) return undefined;
  const budget = await deps.budgets.get(channel);
  if (!budget) return undefined;
  const usage = await channelUsage(deps, channel, job.id);
  return overrunOf(budget, usage, {
    amount: job.metadata?.cost ?? undefined,
    currency: job.metadata?.cost_currency ?? undefined,
  });
}
