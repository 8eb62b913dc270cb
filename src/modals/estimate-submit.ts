import { mapCreateError } from '../create/map-create-error.js';
import { ESTIMATE_EXPIRED, type PendingCreate } from '../create/pending-requests.js';
import { withinBudget } from '../create/within-budget.js';
import { approvalReason } from '../domain/approval.js';
import { overrunSentence } from '../domain/budget.js';
import type { Job } from '../domain/job.js';
import { APPROVAL_AFTER_CREATE } from '../guardrails/approval-sentences.js';
import { recordAudit } from '../use-cases/audit.js';
import { budgetOverrun } from '../use-cases/budget-check.js';
import { operatorRefusal } from '../use-cases/operator-gate.js';
import { replaceView } from '../use-cases/replace-view.js';
import { buildCreateResultView, buildCreatingView } from '../views/create-loading.js';
import { escapeMrkdwn } from '../views/escape.js';
import { afterCreate, createdSentence, tellUser } from './after-create.js';
import type { ModalContext } from './context.js';

export const BACK_TO_FORM = ' Press Back to return to the form and fix it.';

function tokenOf(privateMetadata: string | undefined): string {
  try {
    const parsed: unknown = JSON.parse(privateMetadata ?? '');
    const token =
      typeof parsed === 'object' && parsed !== null ? (parsed as { token?: unknown }).token : undefined;
    return typeof token === 'string' ? token : '';
  } catch {
    return '';
  }
}

/**
 * "Create & start" on the estimate: creates the job kept in memory under the view's token. The
 * estimate sits over the form, so a failure says "Back" (the form is beneath, as typed), and a
 * success closes the whole modal when "Done" is pressed instead of going back to a used form.
 */
export async function handleEstimateSubmit(ctx: ModalContext): Promise<void> {
  const { deps, client } = ctx;
  const userId = ctx.body.user.id;
  const label = deps.backend.label;
  const refused = await operatorRefusal(deps, { user: userId, action: 'create' });
  if (refused) return ctx.ack({ response_action: 'update', view: buildCreateResultView(refused) });
  const pending = ctx.pending.take(tokenOf(ctx.view.private_metadata), userId);
  if (!pending) return ctx.ack({ response_action: 'update', view: buildCreateResultView(ESTIMATE_EXPIRED) });
  for (const i of pending.request.integrations ?? []) deps.secrets.addForRequest(i.api_key);
  const { now, later } = await withinBudget(guardedCreate(ctx, pending), ctx.budgetMs);
  if (!now) await ctx.ack({ response_action: 'update', view: buildCreatingView('creating', label) });
  const result = now ?? (await later);
  const finish = (sentence: string, clearOnClose: boolean) => {
    const view = buildCreateResultView(sentence, { clearOnClose, close: clearOnClose ? 'Done' : 'Back' });
    return now
      ? ctx.ack({ response_action: 'update', view })
      : replaceView(deps, client, { viewId: ctx.view.id }, view);
  };
  if (!result.ok) {
    deps.logger.info({ err: result.error, user: userId }, 'create refused by the backend');
    const failure = mapCreateError(result.error, label, (t) => deps.secrets.scrub(t));
    await finish(`${escapeMrkdwn(failure.sentence)}${BACK_TO_FORM}`, false);
    return;
  }
  if ('refused' in result.value) {
    await finish(`Nothing was created: ${result.value.refused}.${BACK_TO_FORM}`, false);
    return;
  }
  const { job: createdJob, approval } = result.value;
  const created = createdSentence(createdJob, pending.channel, label);
  await finish(approval ? `${created}${APPROVAL_AFTER_CREATE}` : created, true);
  await afterCreate(deps, client, { job: createdJob, userId, channel: pending.channel });
  if (!approval || !deps.approvals) return;
  const job = {
    ...createdJob,
    metadata: pending.estimate ?? createdJob.metadata,
    events: [],
    checkpoints: [],
  };
  const asked = await deps.approvals.gate({ job, userId, channel: pending.channel, reason: approval });
  if (asked) await tellUser(deps, client, userId, asked);
}

/**
 * The create, behind the channel's budget and the approval threshold: past the budget without
 * approvals, nothing is created (the sentence says why); needing approval, the job is created without
 * auto start and `approval` says why.
 */
async function guardedCreate(
  ctx: ModalContext,
  pending: PendingCreate,
): Promise<{ refused: string } | { job: Job; approval?: string }> {
  const { deps } = ctx;
  const estimate = pending.estimate ?? null;
  const over = await budgetOverrun(deps, pending.channel, { id: '', metadata: estimate });
  const overBudget = over ? overrunSentence(over, pending.channel) : undefined;
  if (overBudget && !deps.approvals) {
    await recordAudit(deps, {
      user: ctx.body.user.id,
      action: 'refused',
      channel: pending.channel,
      estimate,
      detail: `budget (create with auto start): ${overBudget}`,
    });
    return { refused: overBudget };
  }
  const approval = overBudget ?? (deps.approvals && approvalReason(deps.approvals.config.over, estimate));
  const request = approval ? { ...pending.request, auto_start: false } : pending.request;
  return { job: await deps.backend.createJob(request), ...(approval ? { approval } : {}) };
}
