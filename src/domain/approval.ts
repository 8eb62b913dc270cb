import type { JobDetails, JobMetadata } from './job.js';
import { formatMoney, type Money } from './money.js';

/** Starts estimated over `over` (or with no estimate) wait for one of `approvers`. */
export interface ApprovalConfig {
  over: Money;
  /** User IDs (U…/W…) and user group IDs (S…). */
  approvers: string[];
  /** A request not decided within this time expires. */
  expiresMs: number;
}

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
  /** Why it needs approval, as the request says it. */
  reason?: string;
  decidedBy?: string;
  decidedAt?: number;
  /** A decline's reason, or why the approved start failed (raw text: escaped where shown). */
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

export interface GateInput {
  job: JobDetails;
  userId: string;
  /** The card (or message) the Start was clicked on. */
  clicked?: { channel?: string; messageTs?: string; ephemeral: boolean };
  /** The channel a typed `/finetune start` came from. */
  channel?: string;
  /** Ask for approval for this reason (a budget overrun) whatever the estimate. */
  reason?: string;
}

export type Decision = { kind: 'approve' } | { kind: 'decline'; reason?: string };

/** Costly starts wait for an approver (FINETUNE_APPROVAL_OVER, FINETUNE_APPROVERS). */
export interface ApprovalService {
  readonly config: ApprovalConfig;
  /**
   * Undefined: the start may go ahead now. Otherwise the start became (or already is) a request,
   * and this is the sentence for the requester.
   */
  gate(i: GateInput): Promise<string | undefined>;
  /** Why `userId` may not decide this request now, or undefined when they may (the Decline modal opens then). */
  refusal(requestId: string, userId: string): Promise<string | undefined>;
  /** Decides the request once, whoever clicks and wherever: the sentence for the one who clicked. */
  decide(requestId: string, userId: string, d: Decision): Promise<string>;
  /** The job a request is about. */
  jobOf(requestId: string): Promise<string | undefined>;
  /** Expires every pending request past its time (each once, across instances); how many it expired. */
  expireDue(): Promise<number>;
}
