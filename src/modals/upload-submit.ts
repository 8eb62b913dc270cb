import { type Settled, withinBudget } from '../create/within-budget.js';
import type { JobType } from '../domain/job.js';
import { readFileInput } from '../slack/payload-schemas.js';
import { estimateUpload, type IngestResult, ingestUploads } from '../use-cases/ingest-upload.js';
import { operatorRefusal } from '../use-cases/operator-gate.js';
import { replaceView } from '../use-cases/replace-view.js';
import { describeBackendError } from '../views/backend-error.js';
import { checkSummary, costText } from '../views/data-check.js';
import { code, escapeMrkdwn } from '../views/escape.js';
import { FORM_MSG } from '../views/form-messages.js';
import { UPLOAD } from '../views/ids.js';
import { buildUploadModal, buildUploadResultView } from '../views/upload-modal.js';
import type { ModalContext } from './context.js';

export const UPLOAD_MISSING = 'Upload a .jsonl file.';
export const CHECKING_SENTENCE = (label: string) =>
  `:hourglass_flowing_sand: Downloading your file from Slack, checking it, and uploading it to ${label}… This view updates when it is done.`;

type Uploaded = Extract<IngestResult, { ok: true }>;

/**
 * Submit of `/finetune upload`: the file is downloaded, checked, and only then uploaded; the answer
 * names the new file id with its counts and, where the provider prices jobs, what one epoch costs.
 * A refused file inside the ack window is an error under the field (the file stays in it); later,
 * the modal comes back with the refusal under the field.
 */
export async function handleUploadSubmit(ctx: ModalContext): Promise<void> {
  const { deps, body } = ctx;
  const userId = body.user.id;
  const started = Date.now();
  const refused = await operatorRefusal(deps, { user: userId, action: 'upload' });
  if (refused) return ctx.ack({ response_action: 'update', view: buildUploadResultView(refused) });
  const values = ctx.view.state.values;
  const files = readFileInput(values, UPLOAD.file.block, UPLOAD.file.action);
  if (files === 'malformed' || !files[0]) {
    const message = files === 'malformed' ? FORM_MSG.uploadMalformed : UPLOAD_MISSING;
    return ctx.ack({ response_action: 'errors', errors: { [UPLOAD.file.block]: message } });
  }
  const jobType = readJobType(values, deps.backend.capabilities.jobTypes);
  const work = ingestUploads(deps, { training: files[0], jobType, userId }).then(
    async (r): Promise<Outcome> => (r.ok ? { ok: true, sentence: await resultSentence(ctx, r, jobType) } : r),
  );
  const { now, later } = await withinBudget(work, Math.max(0, ctx.budgetMs - (Date.now() - started)));
  // In time: a refused file goes under the field (the file stays in it), anything else replaces the form.
  if (now?.ok && !now.value.ok) {
    return ctx.ack({ response_action: 'errors', errors: { [UPLOAD.file.block]: now.value.short } });
  }
  if (now) return ctx.ack({ response_action: 'update', view: lastView(ctx, now, jobType) });
  const label = deps.backend.label;
  await ctx.ack({ response_action: 'update', view: buildUploadResultView(CHECKING_SENTENCE(label)) });
  await replaceView(deps, ctx.client, { viewId: ctx.view.id }, lastView(ctx, await later, jobType));
}

type Outcome = { ok: true; sentence: string } | Extract<IngestResult, { ok: false }>;

/** The file's id and summary; the form again with the refusal under the field; or the backend's sentence. */
function lastView(ctx: ModalContext, result: Settled<Outcome>, jobType: JobType) {
  const { deps } = ctx;
  const label = deps.backend.label;
  if (!result.ok) {
    deps.logger.info({ err: result.error, user: ctx.body.user.id }, 'upload refused by the backend');
    const sentence = describeBackendError(result.error, label, deps.provider.keyVariable);
    return buildUploadResultView(escapeMrkdwn(deps.secrets.scrub(sentence)));
  }
  if (result.value.ok) return buildUploadResultView(result.value.sentence);
  return buildUploadModal({
    backendLabel: label,
    capabilities: deps.backend.capabilities,
    jobType,
    problem: result.value.sentence,
  });
}

function readJobType(values: unknown, types: readonly JobType[]): JobType {
  const el = (values as Record<string, Record<string, { selected_option?: { value?: unknown } }>>)?.[
    UPLOAD.jobType.block
  ]?.[UPLOAD.jobType.action];
  const v = el?.selected_option?.value;
  return types.find((t) => t === v) ?? types[0] ?? 'completion';
}

async function resultSentence(ctx: ModalContext, r: Uploaded, jobType: JobType): Promise<string> {
  const { deps } = ctx;
  const [f] = r.files;
  if (!f) return 'Nothing was uploaded.';
  const label = deps.backend.label;
  const model = await firstModel(ctx);
  const estimate = await estimateUpload(deps, f.file.id, model, jobType);
  const cost = costText(estimate, label, `for one epoch on ${code(model ?? '')}`);
  return [
    `:inbox_tray: ${code(f.report.filename)} is on ${escapeMrkdwn(label)} as ${code(f.file.id)} (purpose \`fine-tune\`). Pick it in \`/finetune create\`.`,
    checkSummary(f.report),
    cost,
  ]
    .filter(Boolean)
    .join('\n');
}

/** The model the price is quoted for: the provider's first fine-tunable base model. */
async function firstModel(ctx: ModalContext): Promise<string | undefined> {
  if (ctx.deps.backend.capabilities.estimate === 'tokens') return undefined;
  try {
    const models = await ctx.deps.backend.listModels();
    return models.find((m) => m.fine_tunable && m.type === 'base')?.id;
  } catch {
    return undefined;
  }
}
