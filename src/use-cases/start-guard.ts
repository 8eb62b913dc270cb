import { overrunSentence } from '../domain/budget.js';
import type { JobDetails } from '../domain/job.js';
import { shortId } from '../views/escape.js';
import { recordAudit } from './audit.js';
import { budgetChannelOf, budgetOverrun } from './budget-check.js';
import type { AppDeps } from './deps.js';

export interface StartGuardInput {
  job: JobDetails;
  userId: string;
  clicked?: { channel?: string; messageTs?: string; ephemeral: boolean };
  channel?: string;
}

/**
 * What stands between a Start and the provider: the channel's budget (refused with its numbers,
 * or sent for approval when approvals are configured), then the approval threshold. Undefined: go
 * ahead; else the sentence for the requester (nothing was started).
 */
export async function startGuard(deps: AppDeps, i: StartGuardInput): Promise<string | undefined> {
  const channel = await budgetChannelOf(deps, i.job.id, i.clicked?.channel ?? i.channel);
  const over = await budgetOverrun(deps, channel, i.job);
  const reason = over && channel ? overrunSentence(over, channel) : undefined;
  if (reason && !deps.approvals) {
    await recordAudit(deps, {
      user: i.userId,
      action: 'refused',
      jobId: i.job.id,
      channel,
      estimate: i.job.metadata,
      detail: `budget: ${reason}`,
    });
    return `Job \`${shortId(i.job.id)}\` was not started: ${reason}. An operator can raise it with \`/finetune budget\`.`;
  }
  return deps.approvals?.gate({ ...i, ...(reason ? { reason } : {}) });
}
