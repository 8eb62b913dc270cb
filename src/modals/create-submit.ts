import { randomBytes } from 'node:crypto';
import { withoutSecret } from '../create/form-draft.js';
import { type CreateForm, parseCreateForm } from '../create/form-schema.js';
import { type CreateFailure, mapCreateError, unplaced } from '../create/map-create-error.js';
import { hasUploads, readFormUploads } from '../create/uploads.js';
import { settle, withinBudget } from '../create/within-budget.js';
import type { JobEstimate } from '../domain/job.js';
import { loadCreateForm } from '../use-cases/load-create-form.js';
import { operatorRefusal } from '../use-cases/operator-gate.js';
import { replaceView } from '../use-cases/replace-view.js';
import type { FormDraft } from '../views/create-draft.js';
import { buildEstimateView } from '../views/create-estimate.js';
import { buildCreateResultView, buildCreatingView } from '../views/create-loading.js';
import { escapeMrkdwn } from '../views/escape.js';
import { afterCreate, createdSentence } from './after-create.js';
import type { ModalContext } from './context.js';
import { BACK_TO_FORM } from './estimate-submit.js';
import { withUploads } from './upload-step.js';

export const VALUES_BACK = ' Nothing was created. Your values are back in the form.';
export const KEY_AGAIN = ' Enter the W&B API key again: the app never keeps it.';

/** The sentence on top of a re-shown form: why it is back, and that the W&B key must be typed again. */
export function problemBanner(failure: CreateFailure, typedKey: boolean): string {
  return `${escapeMrkdwn(failure.sentence)}${VALUES_BACK}${typedKey ? KEY_AGAIN : ''}`;
}

/**
 * Submit of the create form: operator check, then validation (inline errors keyed by block), then
 * create, or with auto start first estimate (dry run) and push the estimate. The backend gets
 * `budgetMs`; if it is slower, a "working on it" view is shown and finished with `views.update`.
 */
export async function handleCreateSubmit(ctx: ModalContext): Promise<void> {
  const { deps, body } = ctx;
  const started = Date.now();
  const userId = body.user.id;
  // A non-operator gets the refusal, not a list of field errors on a form they may not submit.
  const refused = await operatorRefusal(deps, { user: userId, action: 'create' });
  if (refused) return ctx.ack({ response_action: 'update', view: buildCreateResultView(refused) });
  // Parsing is pure. The W&B key is scrubbed from this request's log lines only (the registrar
  // gives each submission its scope), so the registry does not grow with every form sent.
  const parsed = parseCreateForm(ctx.view.state.values, deps.backend.capabilities, deps.backend.label);
  deps.secrets.addForRequest(parsed.draft.wandbKey?.trim());
  if (!parsed.ok) return ctx.ack({ response_action: 'errors', errors: parsed.errors });
  const uploads = readFormUploads(ctx.view.state.values);
  if (!uploads.ok) return ctx.ack({ response_action: 'errors', errors: uploads.errors });
  const submit: Submit = { ctx, form: parsed.form, draft: parsed.draft, started, budgetMs: ctx.budgetMs };
  if (hasUploads(uploads.uploads)) return withUploads(submit, uploads.uploads);
  return parsed.form.autoStart ? estimateFirst(submit) : createNow(submit);
}

export interface Submit {
  ctx: ModalContext;
  form: CreateForm;
  draft: FormDraft;
  /** When the submission arrived (real time: Slack's ack window is real time). */
  started: number;
  /** What is left of the ack window for the backend (less after an upload). */
  budgetMs: number;
  /** Said under the result: the check summary of the files uploaded from the form. */
  note?: string;
  /** Slack was already answered (a "Checking…" view): the result replaces that view. */
  acked?: boolean;
}

export function failureOf(ctx: ModalContext, err: unknown): CreateFailure {
  const { backend, secrets } = ctx.deps;
  return mapCreateError(err, backend.label, (t) => secrets.scrub(t), backend.capabilities);
}

/** The form with fresh lists, the typed values (never the W&B key) and the problem on top. */
export function formAgain(ctx: ModalContext, draft: FormDraft, failure: CreateFailure) {
  return loadCreateForm(ctx.deps, {
    draft: withoutSecret(draft),
    problem: problemBanner(failure, Boolean(draft.wandbKey)),
  });
}

/**
 * A refusal inside the ack window. Problems Mistral pinned to fields go under those fields; anything
 * else (a `loc` no field holds, a 410, a 503) is no field's fault, so the form comes back with the
 * sentence on top and every value kept. Reloading the form's lists gets what is left of the budget.
 */
export async function refuseInAck(s: Submit, err: unknown): Promise<void> {
  const { ctx } = s;
  const failure = failureOf(ctx, err);
  if (!unplaced(failure)) return ctx.ack({ response_action: 'errors', errors: failure.errors });
  const left = Math.max(0, ctx.budgetMs - (Date.now() - s.started));
  const { now, later } = await withinBudget(formAgain(ctx, s.draft, failure), left);
  if (now?.ok) return ctx.ack({ response_action: 'update', view: now.value });
  await ctx.ack({ response_action: 'update', view: buildCreatingView('reloading', ctx.deps.backend.label) });
  const result = await later;
  const view = result.ok ? result.value : buildCreateResultView(escapeMrkdwn(failure.sentence));
  await replaceView(ctx.deps, ctx.client, { viewId: ctx.view.id }, view);
}

export async function createNow(s: Submit): Promise<void> {
  const { ctx, form, draft } = s;
  const { deps, client } = ctx;
  const userId = ctx.body.user.id;
  const label = deps.backend.label;
  const work = deps.backend.createJob({ ...form.request, auto_start: false });
  const { now, later } = s.acked
    ? { now: undefined, later: settle(work) }
    : await withinBudget(work, s.budgetMs);
  if (now && !now.ok) {
    deps.logger.info({ err: now.error, user: userId }, 'create refused by the backend');
    return refuseInAck(s, now.error);
  }
  if (!now && !s.acked)
    await ctx.ack({ response_action: 'update', view: buildCreatingView('creating', label) });
  const result = now ?? (await later);
  if (!result.ok) {
    deps.logger.info({ err: result.error, user: userId }, 'create refused by the backend');
    // The ack is spent, so no inline errors: the form comes back with the sentence on top.
    const view = await formAgain(ctx, draft, failureOf(ctx, result.error));
    await replaceView(deps, client, { viewId: ctx.view.id }, view);
    return;
  }
  const sentence = createdSentence(result.value, form.channel, label);
  const done = buildCreateResultView(s.note ? `${sentence}\n\n${s.note}` : sentence);
  if (now) await ctx.ack({ response_action: 'update', view: done });
  else await replaceView(deps, client, { viewId: ctx.view.id }, done);
  await afterCreate(deps, client, { job: result.value, userId, channel: form.channel });
}

/**
 * Auto start: the dry-run estimate is pushed over the form, whose "Back" returns to the form as
 * typed. When the dry run is slower than the ack budget, a placeholder is pushed instead (with an
 * `external_id`, since a push ack returns no view id) and filled in later, so the form is never lost.
 */
export async function estimateFirst(s: Submit): Promise<void> {
  const { ctx, form } = s;
  const { deps, client } = ctx;
  const userId = ctx.body.user.id;
  const label = deps.backend.label;
  const request = { ...form.request, auto_start: true };
  const { now, later } = await withinBudget(deps.backend.estimateJob(request), s.budgetMs);
  if (now && !now.ok) {
    deps.logger.info({ err: now.error, user: userId }, 'estimate refused by the backend');
    return refuseInAck(s, now.error);
  }
  const keep = (estimate: JobEstimate, externalId?: string) => {
    const token = ctx.pending.put({ request, userId, channel: form.channel, estimate });
    const view = buildEstimateView({
      estimate,
      model: request.model,
      backendLabel: label,
      token,
      externalId,
    });
    return { token, view };
  };
  if (now) return ctx.ack({ response_action: 'push', view: keep(now.value).view });

  const externalId = `create_estimate_${randomBytes(12).toString('hex')}`;
  await ctx.ack({
    response_action: 'push',
    view: buildCreatingView('estimating', label, { externalId, close: 'Back' }),
  });
  const result = await later;
  if (!result.ok) {
    deps.logger.info({ err: result.error, user: userId }, 'estimate refused by the backend');
    const sentence = `${escapeMrkdwn(failureOf(ctx, result.error).sentence)}${BACK_TO_FORM}`;
    await replaceView(
      deps,
      client,
      { externalId },
      buildCreateResultView(sentence, { externalId, close: 'Back' }),
    );
    return;
  }
  const { token, view } = keep(result.value, externalId);
  // Closed meanwhile (the user went back): nobody can use the request, so it is not kept.
  if (!(await replaceView(deps, client, { externalId }, view))) ctx.pending.take(token, userId);
}
