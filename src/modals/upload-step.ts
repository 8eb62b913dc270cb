import { withoutSecret } from '../create/form-draft.js';
import type { CreateForm } from '../create/form-schema.js';
import type { FormUploads } from '../create/uploads.js';
import { withinBudget } from '../create/within-budget.js';
import { type IngestedFile, type IngestResult, ingestUploads } from '../use-cases/ingest-upload.js';
import { loadCreateForm } from '../use-cases/load-create-form.js';
import { replaceView } from '../use-cases/replace-view.js';
import type { FormDraft } from '../views/create-draft.js';
import { buildCreatingView } from '../views/create-loading.js';
import { checkSummary } from '../views/data-check.js';
import { UPLOAD } from '../views/ids.js';
import {
  createNow,
  estimateFirst,
  failureOf,
  formAgain,
  KEY_AGAIN,
  refuseInAck,
  type Submit,
} from './create-submit.js';

export const FILE_REFUSED =
  ' Nothing was uploaded or created. Your values are back in the form: fix the file and upload it again.';
export const UPLOADED_PICKED = (ids: string) =>
  `Your file passed the checks and is now on the provider as ${ids}: it is picked in the form below. Press *Create job* again to see the estimate.`;

/**
 * The create form carried files: they are downloaded, checked and uploaded before the job is
 * created (nothing reaches the provider unless every file passed). Within the ack window a refusal
 * goes under the file's field with the whole form kept, file included; past it, a "Checking…" view
 * is shown and then replaced with the job, or with the form again (every typed value kept, the
 * refusal under the file field: Slack cannot put a file back into a form).
 */
export async function withUploads(s: Submit, uploads: FormUploads): Promise<void> {
  const { ctx, form } = s;
  const { deps } = ctx;
  const work = ingestUploads(deps, {
    ...uploads,
    jobType: form.request.job_type ?? 'completion',
    pickedTraining: form.request.training_files.map((f) => f.file_id),
    userId: ctx.body.user.id,
  });
  const { now, later } = await withinBudget(work, s.budgetMs);
  if (now) {
    if (!now.ok) return refuseInAck(s, now.error);
    if (!now.value.ok) {
      return ctx.ack({
        response_action: 'errors',
        errors: { [UPLOAD[now.value.kind].block]: now.value.short },
      });
    }
    const next = merged(s, now.value.files);
    next.budgetMs = Math.max(0, s.budgetMs - (Date.now() - s.started));
    return form.autoStart ? estimateFirst(next) : createNow(next);
  }
  await ctx.ack({ response_action: 'update', view: buildCreatingView('checking', deps.backend.label) });
  const result = await later;
  const ref = { viewId: ctx.view.id };
  if (!result.ok) {
    deps.logger.info({ err: result.error, user: ctx.body.user.id }, 'upload refused by the backend');
    await replaceView(deps, ctx.client, ref, await formAgain(ctx, s.draft, failureOf(ctx, result.error)));
    return;
  }
  if (!result.value.ok) {
    await replaceView(deps, ctx.client, ref, await refusedForm(s, result.value));
    return;
  }
  const next = merged(s, result.value.files);
  if (!form.autoStart) return createNow({ ...next, acked: true });
  // The estimate is pushed over the form; with the ack spent, the form comes back with the files picked.
  const ids = result.value.files.map((f) => `\`${f.file.id}\``).join(', ');
  const view = await loadCreateForm(deps, {
    draft: withoutSecret(next.draft),
    problem: `${UPLOADED_PICKED(ids)}${next.draft.wandbKey ? KEY_AGAIN : ''}\n${next.note ?? ''}`,
  });
  await replaceView(deps, ctx.client, ref, view);
}

/** The form again after a refused file: typed values kept, the refusal under the file's field. */
function refusedForm(s: Submit, refusal: Extract<IngestResult, { ok: false }>) {
  const draft: FormDraft = { ...s.draft, trainingUploads: 0, validationUploads: 0 };
  return loadCreateForm(s.ctx.deps, {
    draft: withoutSecret(draft),
    problem: `${refusal.kind === 'training' ? 'The training file' : 'The validation file'} was refused.${FILE_REFUSED}${draft.wandbKey ? KEY_AGAIN : ''}`,
    uploadProblems: { [refusal.kind]: refusal.sentence },
  });
}

/** The request and the draft with the uploaded files' ids, as if they had been picked. */
function merged(s: Submit, files: IngestedFile[]): Submit {
  const ids = (kind: 'training' | 'validation') => files.filter((f) => f.kind === kind).map((f) => f.file.id);
  const training = ids('training');
  const validation = ids('validation');
  const request = { ...s.form.request };
  request.training_files = [...request.training_files, ...training.map((file_id) => ({ file_id }))];
  if (validation.length > 0) request.validation_files = [...(request.validation_files ?? []), ...validation];
  const form: CreateForm = { ...s.form, request };
  const draft: FormDraft = {
    ...s.draft,
    trainingFiles: [...s.draft.trainingFiles, ...training],
    validationFiles: [...s.draft.validationFiles, ...validation],
    trainingUploads: 0,
    validationUploads: 0,
  };
  const note = files.map((f) => checkSummary(f.report)).join('\n');
  return { ...s, form, draft, note };
}
