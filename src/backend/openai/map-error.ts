import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { BackendError, errorForStatus, type FieldProblem } from '../errors.js';
import { parseRetryAfter } from '../map-error.js';

/** OpenAI's `param` (or Azure's) in the product's terms, so the form can put the problem on its field. */
export function locOf(param: string): string[] {
  const p = param.replace(/^body\./, '');
  if (p === 'training_file') return ['training_files'];
  if (p === 'validation_file') return ['validation_files'];
  if (/(^|\.)n_epochs$/.test(p)) return ['hyperparameters', 'epochs'];
  if (p.startsWith('integrations')) return ['integrations'];
  return p.split('.');
}

/**
 * The error object in the body: OpenAI's `{error: {message, type, param, code}}`, Azure's adds
 * `inner_error`. The SDK hands over `error` already unwrapped; both shapes are read the same.
 */
interface ErrorBody {
  message?: unknown;
  param?: unknown;
  code?: unknown;
}

function bodyOf(e: APIError): ErrorBody {
  const err: unknown = e.error;
  return typeof err === 'object' && err !== null ? (err as ErrorBody) : {};
}

function retryAfter(headers: Headers | undefined): number | undefined {
  const ms = Number(headers?.get('retry-after-ms'));
  if (headers?.get('retry-after-ms') && Number.isFinite(ms) && ms >= 0) return Math.ceil(ms / 1000);
  return parseRetryAfter(headers?.get('retry-after'));
}

/**
 * An HTTP failure as a BackendError. The provider's own sentence goes into `detail` (the view
 * decides whether to show it); the message names only the status and what was asked for, never a
 * header or the key.
 */
export function errorFromApi(e: APIError, what: string, label: string): BackendError {
  const status = e.status ?? 0;
  const body = bodyOf(e);
  const detail = typeof body.message === 'string' ? body.message.slice(0, 500) : undefined;
  const fieldProblems: FieldProblem[] =
    (status === 400 || status === 422) && typeof body.param === 'string' && body.param !== ''
      ? [{ loc: locOf(body.param), msg: detail ?? 'invalid value' }]
      : [];
  const retryAfterSeconds = status === 429 ? retryAfter(e.headers) : undefined;
  return errorForStatus(status, what, label, { cause: e, detail, fieldProblems, retryAfterSeconds });
}

/** Anything the OpenAI SDK (or our own checks) throws, as a BackendError. */
export function mapOpenAIError(e: unknown, what: string, label: string): BackendError {
  if (e instanceof BackendError) return e;
  // Subclasses first: a timeout and an abort are APIConnectionErrors, which are APIErrors.
  if (e instanceof APIConnectionTimeoutError)
    return new BackendError('unavailable', 'timed out', { cause: e });
  if (e instanceof APIUserAbortError) return new BackendError('unavailable', 'aborted', { cause: e });
  if (e instanceof APIConnectionError) return new BackendError('unavailable', 'cannot connect', { cause: e });
  if (e instanceof APIError) return errorFromApi(e, what, label);
  if (e instanceof SyntaxError) {
    return new BackendError('bad_response', `${what}: response is not JSON`, { cause: e });
  }
  if (e instanceof TypeError) return new BackendError('unavailable', 'cannot connect', { cause: e });
  return new BackendError('bad_response', `${what}: unexpected error`, { cause: e });
}
