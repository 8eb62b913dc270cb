import type { JobMetadata } from '../domain/job.js';
import { formatMoney, type Money } from '../domain/money.js';
import { formatCost } from '../views/format.js';

export type ApprovalState = 'pending' | 'approved' | 'declined' | 'expired' | 'failed';

/** A start waiting for an approver, and how it was decided. Holds no secret (no create request). */
export interface ApprovalRecord {
  /** Random hex: the value of the Approve and Decline buttons. */
  id: string;
  jobId: string;
  requester: string;
  /** Where the request was posted; `threadTs` is the job card when there is one. */
  channel: string;
  threadTs?: string;
  /** The request message (with the buttons), once posted. */
  requestTs?: string;
  cost?: number;
  currency?: string;
  /** Milliseconds since the epoch. */
  requestedAt: number;
  expiresAt: number;
  state: ApprovalState;
  decidedBy?: string;
  decidedAt?: number;
  /** A decline's reason, or why the approved start failed. */
  note?: string;
}

/** Why this estimate needs an approver, or undefined when it may start at once. */
export function approvalReason(over: Money, estimate: JobMetadata | null): string | undefined {
  const cost = estimate?.cost;
  if (cost == null) return `it has no cost estimate, and starts over ${formatMoney(over)} need approval`;
  const currency = estimate?.cost_currency?.toUpperCase();
  // Different currencies are never compared: an estimate that cannot be compared waits for a human.
  if (currency !== over.currency)
    return `its estimate is in ${currency ?? 'an unknown currency'}, which cannot be compared with the ${formatMoney(over)} over which starts need approval`;
  if (cost > over.amount) return `its estimate is over ${formatMoney(over)}`;
  return undefined;
}

/** "about 80.00 USD", or "no estimate": what the request, the confirm and the reply repeat. */
export function estimateText(r: Pick<ApprovalRecord, 'cost' | 'currency'>): string {
  return r.cost == null ? 'no cost estimate' : `about ${formatCost(r.cost, r.currency)}`;
}

/** `<@U…>` for users, `<!subteam^S…>` for user groups: how Slack mentions each. */
export function mentionOf(id: string): string {
  return id.startsWith('S') ? `<!subteam^${id}>` : `<@${id}>`;
}
