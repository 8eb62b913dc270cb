import type { BackendCapabilities } from '../backend/capabilities.js';
import { isBackendError } from '../backend/errors.js';
import { describeBackendError } from '../views/backend-error.js';
import { shownFields } from '../views/create-form-parts.js';
import { FORM, type FormField } from '../views/ids.js';
import { type BlockErrors, HYPERPARAMETER_FIELDS } from './form-schema.js';

/** Slack shows an inline error under its field; a long pydantic message is cut to stay readable. */
const MAX_ERROR = 250;

export const CONFLICT_SENTENCE = (label: string) =>
  `${label} already has a similar job (same model, files and suffix) queued, validated or running. Cancel it or wait for it to finish, or change the suffix.`;

/** Mistral's `loc` (after `body`) → the field that holds it. */
function fieldFor(loc: string[]): FormField | undefined {
  const path = loc[0] === 'body' ? loc.slice(1) : loc;
  const [head, , third] = path;
  switch (head) {
    case 'model':
      return 'model';
    case 'job_type':
      return 'jobType';
    case 'training_files':
    case 'job_in':
    case 'repositories':
      return 'trainingFiles';
    case 'validation_files':
      return 'validationFiles';
    case 'suffix':
      return 'suffix';
    case 'auto_start':
      return 'autoStart';
    case 'hyperparameters':
      return hyperField(path[1]);
    case 'integrations':
      if (third === 'api_key') return 'wandbKey';
      if (third === 'name' || third === 'run_name') return 'wandbRun';
      return 'wandbProject';
    default:
      return undefined;
  }
}

function hyperField(key: string | undefined): FormField | undefined {
  return key === undefined ? undefined : HYPERPARAMETER_FIELDS[key];
}

export interface CreateFailure {
  /** Problems Mistral pinned to a field we show, keyed by block_id. Empty when none could be placed. */
  errors: BlockErrors;
  /** One sentence for the whole failure (used when nothing could be placed, or outside the modal). */
  sentence: string;
}

/** Scrubs secrets from text the backend wrote (a 422 may echo an input, W&B key included). */
export type Scrub = (text: string) => string;

/**
 * Puts a failed create (or dry run) back on the form: a 422 onto the fields its `loc` names, a 409
 * onto the suffix (the one field that tells two similar jobs apart), anything else as a sentence.
 * Every text is scrubbed before it is cut to length, so a cut can never leave half a secret behind.
 */
/**
 * With `caps`, a problem is placed only on a field the form shows for that provider (Slack refuses
 * errors for blocks a view does not have); one it does not show is left for the sentence.
 */
export function mapCreateError(
  err: unknown,
  backendLabel: string,
  scrub: Scrub = (t) => t,
  caps?: BackendCapabilities,
): CreateFailure {
  const sentence = scrub(describeBackendError(err, backendLabel));
  if (!isBackendError(err)) return { errors: {}, sentence };
  if (err.kind === 'conflict') {
    const text = CONFLICT_SENTENCE(backendLabel);
    return { errors: { [FORM.suffix.block]: text }, sentence: text };
  }
  const errors: BlockErrors = {};
  if (err.kind === 'invalid_request') {
    const shown = caps ? shownFields(caps) : undefined;
    for (const p of err.fieldProblems) {
      const field = fieldFor(p.loc);
      if (!field || (shown && !shown.has(field))) continue;
      errors[FORM[field].block] ??= scrub(`${backendLabel}: ${p.msg}`).slice(0, MAX_ERROR);
    }
  }
  return { errors, sentence };
}

/** True when no field explains the failure: the form shows it as a problem banner, not under a field. */
export function unplaced(f: CreateFailure): boolean {
  return Object.keys(f.errors).length === 0;
}
