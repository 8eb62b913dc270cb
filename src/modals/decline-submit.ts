import { APPROVALS_OFF_SENTENCE } from '../guardrails/approval-sentences.js';
import { replaceView } from '../use-cases/replace-view.js';
import { buildDeclineResultView } from '../views/decline-modal.js';
import { BLOCK, INPUT } from '../views/ids.js';
import type { ModalContext } from './context.js';

function reasonOf(values: ModalContext['view']['state']['values']): string | undefined {
  const v = values[BLOCK.declineReason]?.[INPUT.declineReason]?.value;
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** Submit of the Decline modal: acked with a "declining" view, then the outcome replaces it. */
export async function handleDeclineSubmit(ctx: ModalContext): Promise<void> {
  const { deps, client } = ctx;
  if (!deps.approvals) {
    return ctx.ack({ response_action: 'update', view: buildDeclineResultView(APPROVALS_OFF_SENTENCE) });
  }
  const reason = reasonOf(ctx.view.state.values);
  await ctx.ack({ response_action: 'update', view: buildDeclineResultView('Declining…') });
  const sentence = await deps.approvals.decide(ctx.view.private_metadata ?? '', ctx.body.user.id, {
    kind: 'decline',
    reason,
  });
  await replaceView(deps, client, { viewId: ctx.view.id }, buildDeclineResultView(sentence));
}
