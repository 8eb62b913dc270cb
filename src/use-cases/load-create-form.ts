import type { ModalView } from '@slack/types';
import { describeBackendError } from '../views/backend-error.js';
import type { PublicDraft } from '../views/create-draft.js';
import { buildCreateForm } from '../views/create-form.js';
import type { UploadProblems } from '../views/create-form-parts.js';
import { buildCreateResultView } from '../views/create-loading.js';
import { DOCUMENTED_MODELS } from '../views/create-options.js';
import type { AppDeps } from './deps.js';

export interface LoadFormOptions {
  channel?: string;
  draft?: PublicDraft;
  problem?: string;
  uploadProblems?: UploadProblems;
}

/**
 * The create form with fresh model and file lists. Never throws: a missing model list falls back to
 * the documented models; a missing file list (the backend failed) becomes a sentence.
 */
export async function loadCreateForm(deps: AppDeps, opts: LoadFormOptions): Promise<ModalView> {
  const label = deps.backend.label;
  const [models, files] = await Promise.allSettled([deps.backend.listModels(), deps.backend.listFiles()]);
  if (files.status === 'rejected') {
    deps.logger.warn({ err: files.reason }, 'create form: could not list files');
    return buildCreateResultView(
      `I could not load the training files. ${describeBackendError(files.reason, label, deps.provider.keyVariable)}`,
    );
  }
  // No files yet is no dead end: the form takes an upload (its note says so).
  let ids: string[] = [];
  if (models.status === 'fulfilled') {
    ids = models.value.filter((m) => m.fine_tunable && m.type === 'base').map((m) => m.id);
  } else {
    deps.logger.warn({ err: models.reason }, 'create form: could not list models');
  }
  const modelsNote =
    ids.length === 0
      ? `${label} did not list its models; these are the documented fine-tunable ones.`
      : undefined;
  return buildCreateForm({
    backendLabel: label,
    capabilities: deps.backend.capabilities,
    models: ids.length > 0 ? ids : DOCUMENTED_MODELS,
    modelsNote,
    files: files.value,
    channel: opts.channel,
    draft: opts.draft,
    problem: opts.problem,
    uploadProblems: opts.uploadProblems,
  });
}
