import type { ApprovalRecord } from '../domain/approval.js';
import { estimateText } from '../views/approval-request.js';
import { shortId } from '../views/escape.js';

export const APPROVALS_OFF_SENTENCE =
  'Approvals are not configured here (FINETUNE_APPROVAL_OVER and FINETUNE_APPROVERS), so there is nothing to decide.';

export const APPROVAL_AFTER_CREATE =
  ' Its estimate needs approval, so it was created without auto start: I am asking the approvers in the card’s thread, and you get a DM when they decide.';

export const notApproverSentence =
  'Only the approvers listed in FINETUNE_APPROVERS may approve or decline a start. Nothing was changed.';

export const approverLookupFailedSentence =
  "I could not check whether you are an approver: Slack did not tell me who is in the approvers' user group, so I refused to be safe. Nothing was changed; try again in a minute.";

export const ownRequestSentence =
  'You asked for this start, so another approver must decide it (you may approve your own starts only when you are the only approver configured). Nothing was changed.';

export const noPlaceToAskSentence =
  'This start needs an approver, but I found no channel to ask in. Run `/finetune start` in the job’s channel.';

export function requestedSentence(r: ApprovalRecord, why: string, expires: string): string {
  return `Job \`${shortId(r.jobId)}\` was not started yet: ${why} (${estimateText(r)}). I asked the approvers in <#${r.channel}>${r.threadTs ? ' (in the card’s thread)' : ''}; the request expires ${expires}. You get a DM when it is decided.`;
}

export function stillValidatingSentence(jobId: string, status: string): string {
  return `Job \`${shortId(jobId)}\` is still ${status}: it can start only once validated. Approve again when its card shows VALIDATED; the request stays open.`;
}
