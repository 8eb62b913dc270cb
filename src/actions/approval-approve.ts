import { APPROVALS_OFF_SENTENCE } from '../guardrails/approval-sentences.js';
import { replyNotice } from '../use-cases/reply.js';
import type { ActionContext } from './context.js';

/** "Approve" on a request in a card's thread (its confirm dialog repeated the cost). */
export async function handleApprovalApprove({ value, body, respond, deps }: ActionContext): Promise<void> {
  if (!deps.approvals) return replyNotice(respond, deps, APPROVALS_OFF_SENTENCE);
  const sentence = await deps.approvals.decide(value, body.user.id, { kind: 'approve' });
  await replyNotice(respond, deps, sentence);
}
