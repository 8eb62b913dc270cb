import { APPROVALS_OFF_SENTENCE } from '../guardrails/approval-sentences.js';
import { replyNotice } from '../use-cases/reply.js';
import { buildDeclineModal } from '../views/decline-modal.js';
import type { ActionContext } from './context.js';

/**
 * "Decline": a small modal for an optional reason. Who may not decide is told so at once, before
 * any modal opens.
 */
export async function handleApprovalDecline({
  value,
  body,
  respond,
  client,
  deps,
}: ActionContext): Promise<void> {
  const approvals = deps.approvals;
  if (!approvals) return replyNotice(respond, deps, APPROVALS_OFF_SENTENCE);
  const refused = await approvals.refusal(value, body.user.id);
  if (refused) return replyNotice(respond, deps, refused);
  const jobId = (await approvals.jobOf(value)) ?? '';
  await client.views.open({ trigger_id: body.trigger_id, view: buildDeclineModal(value, jobId) });
}
