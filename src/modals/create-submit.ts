import { afterCreate, createdSentence } from '../create/after-create.js';
import { withoutSecret } from '../create/form-draft.js';
import { FORM } from '../create/form-ids.js';
import { type CreateForm, parseCreateForm } from '../create/form-schema.js';
import { loadCreateForm } from '../create/load-form.js';
import { type CreateFailure, mapCreateError } from '../create/map-create-error.js';
import { withinBudget } from '../create/within-budget.js';
import { NOT_OPERATOR_SENTENCE } from '../slack/operators.js';
import { buildEstimateView } from '../views/create-estimate.js';
import { buildCreateResultView, buildCreatingView } from '../views/create-loading.js';
import type { ModalContext } from './context.js';
import { replaceView } from './finish-async.js';

/** Errors must sit on an input block; a failure no field explains goes on the first one. */
export function inlineErrors(f: CreateFailure): Record<string, string> {
  return Object.keys(f.errors).length > 0 ? f.errors : { [FORM.model.block]: f.sentence.slice(0, 300) };
}

export const KEY_AGAIN = ' Your values are back in the form; enter the W&B key again if you used one.';

/**
 * Submit of the create form: validate (inline errors keyed by block), then create, or with auto
 * start first estimate (dry run) and push the estimate. The backend gets `budgetMs`; if it is slower,
 * the modal becomes "Creating…" and is finished with `views.update`.
 */
export async function handleCreateSubmit(ctx: ModalContext): Promise<void> {
  const { deps, body } = ctx;
  const userId = body.user.id;
  const parsed = parseCreateForm(ctx.view.state.values);
  // Registered at once, so even an accidental log line of this request is scrubbed.
  if (parsed.draft.wandbKey) deps.secrets.add(parsed.draft.wandbKey.trim());
  if (!parsed.ok) return ctx.ack({ response_action: 'errors', errors: parsed.errors });
  if (!(await deps.isOperator(userId))) {
    deps.logger.info({ user: userId, action: 'create' }, 'refused: not in FINETUNE_OPERATORS');
    return ctx.ack({ response_action: 'update', view: buildCreateResultView(NOT_OPERATOR_SENTENCE) });
  }
  return parsed.form.autoStart
    ? estimateFirst(ctx, parsed.form, parsed.draft)
    : createNow(ctx, parsed.form, parsed.draft);
}

type Draft = Parameters<typeof withoutSecret>[0];

async function formAgain(ctx: ModalContext, draft: Draft, failure: CreateFailure) {
  return loadCreateForm(ctx.deps, {
    draft: withoutSecret(draft),
    problem: `${failure.sentence}${KEY_AGAIN}`,
  });
}

async function createNow(ctx: ModalContext, form: CreateForm, draft: Draft): Promise<void> {
  const { deps, client } = ctx;
  const userId = ctx.body.user.id;
  const label = deps.backend.label;
  const { now, later } = await withinBudget(
    deps.backend.createJob({ ...form.request, auto_start: false }),
    ctx.budgetMs,
  );
  if (now && !now.ok) {
    deps.logger.info({ err: now.error, user: userId }, 'create refused by the backend');
    return ctx.ack({ response_action: 'errors', errors: inlineErrors(mapCreateError(now.error, label)) });
  }
  if (!now) await ctx.ack({ response_action: 'update', view: buildCreatingView('creating', label) });
  const result = now ?? (await later);
  if (!result.ok) {
    deps.logger.info({ err: result.error, user: userId }, 'create refused by the backend');
    return replaceView(
      deps,
      client,
      ctx.view.id,
      await formAgain(ctx, draft, mapCreateError(result.error, label)),
    );
  }
  const done = buildCreateResultView(createdSentence(result.value, form.channel, label));
  if (now) await ctx.ack({ response_action: 'update', view: done });
  else await replaceView(deps, client, ctx.view.id, done);
  await afterCreate(deps, client, { job: result.value, userId, channel: form.channel });
}

async function estimateFirst(ctx: ModalContext, form: CreateForm, draft: Draft): Promise<void> {
  const { deps, client } = ctx;
  const userId = ctx.body.user.id;
  const label = deps.backend.label;
  const request = { ...form.request, auto_start: true };
  const { now, later } = await withinBudget(deps.backend.estimateJob(request), ctx.budgetMs);
  if (now && !now.ok) {
    deps.logger.info({ err: now.error, user: userId }, 'estimate refused by the backend');
    return ctx.ack({ response_action: 'errors', errors: inlineErrors(mapCreateError(now.error, label)) });
  }
  if (!now) await ctx.ack({ response_action: 'update', view: buildCreatingView('estimating', label) });
  const result = now ?? (await later);
  if (!result.ok) {
    return replaceView(
      deps,
      client,
      ctx.view.id,
      await formAgain(ctx, draft, mapCreateError(result.error, label)),
    );
  }
  const token = ctx.pending.put({ request, userId, channel: form.channel });
  const view = buildEstimateView({
    estimate: result.value,
    model: request.model,
    backendLabel: label,
    token,
  });
  if (now) return ctx.ack({ response_action: 'push', view });
  // Too late to push (the ack is spent): the estimate replaces the "Estimating…" view instead.
  return replaceView(deps, client, ctx.view.id, view);
}
