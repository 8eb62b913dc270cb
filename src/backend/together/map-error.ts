import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'together-ai';
import { BackendError, errorForStatus, type FieldProblem } from '../errors.js';
import { parseRetryAfter } from '../map-error.js';

/** Together's `ErrorData {error: {message, type, param, code}}`, read defensively. */
export interface TogetherErrorBody {
  message?: string;
  type?: string;
  param?: string;
  code?: string;
}

export function readErrorData(body: unknown): TogetherErrorBody {
  if (typeof body !== 'object' || body === null) return {};
  const inner = (body as { error?: unknown }).error;
  const e = typeof inner === 'object' && inner !== null ? (inner as Record<string, unknown>) : body;
  const s = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const o = e as Record<string, unknown>;
  return { message: s(o.message), type: s(o.type), param: s(o.param), code: s(o.code) };
}

/** Secrets the caller sent (API key, W&B key) never reach a message, even when Together echoes them. */
export function redact(text: string | undefined, secrets: readonly string[]): string | undefined {
  if (text === undefined) return undefined;
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('[redacted]');
  return out.slice(0, 500);
}

export interface ErrorContext {
  /** What was asked for, e.g. "job ft-…" or "the job list". */
  what: string;
  label: string;
  secrets: readonly string[];
}

export function errorFromTogetherStatus(
  status: number,
  body: unknown,
  headers: Headers | undefined,
  ctx: ErrorContext,
  cause?: unknown,
): BackendError {
  const { what, label, secrets } = ctx;
  const data = readErrorData(body);
  const detail = redact(data.message, secrets);
  const fieldProblems: FieldProblem[] =
    (status === 400 || status === 422) && data.param && detail
      ? [{ loc: fieldLoc(data.param), msg: detail }]
      : [];
  const retryAfterSeconds = status === 429 ? parseRetryAfter(headers?.get('retry-after')) : undefined;
  return errorForStatus(status, what, label, { cause, detail, fieldProblems, retryAfterSeconds });
}

/** Together names the offending create-body field; the form knows it by the canonical name. */
const CANONICAL_FIELD: Record<string, string[]> = {
  training_file: ['training_files'],
  validation_file: ['validation_files'],
  n_epochs: ['hyperparameters', 'epochs'],
  learning_rate: ['hyperparameters', 'learning_rate'],
  warmup_ratio: ['hyperparameters', 'warmup_fraction'],
  weight_decay: ['hyperparameters', 'weight_decay'],
  max_seq_length: ['hyperparameters', 'seq_len'],
  wandb_api_key: ['integrations', 'api_key'],
  wandb_project_name: ['integrations', 'project'],
  wandb_name: ['integrations', 'name'],
};

function fieldLoc(param: string): string[] {
  return CANONICAL_FIELD[param] ?? [param];
}

/**
 * The SDK's error message quotes the whole answer body, which may echo what was sent: the cause
 * kept for the logs is a copy with the secrets taken out.
 */
function redactedCopy(e: Error, secrets: readonly string[]): Error {
  const copy = new Error(redact(e.message, secrets));
  copy.name = e.name;
  return copy;
}

/** Anything the SDK (or our own checks) throws, as a BackendError. */
export function mapTogetherError(e: unknown, ctx: ErrorContext): BackendError {
  if (e instanceof BackendError) return e;
  if (e instanceof APIConnectionTimeoutError)
    return new BackendError('unavailable', `${ctx.what}: timed out`, { cause: e });
  if (e instanceof APIConnectionError || e instanceof APIUserAbortError)
    return new BackendError('unavailable', `${ctx.what}: cannot connect`, { cause: e });
  if (e instanceof APIError && typeof e.status === 'number')
    return errorFromTogetherStatus(e.status, e.error, e.headers, ctx, redactedCopy(e, ctx.secrets));
  if (e instanceof SyntaxError)
    return new BackendError('bad_response', `${ctx.what}: response is not JSON`, { cause: e });
  if (e instanceof TypeError)
    // fetch() reports network failures as TypeError('fetch failed').
    return new BackendError('unavailable', `${ctx.what}: cannot connect`, { cause: e });
  return new BackendError('bad_response', `${ctx.what}: unexpected error`, { cause: e });
}
