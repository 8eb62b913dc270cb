/** The kinds of backend failure a user is told about, each with one plain sentence. */
export type BackendErrorKind =
  | 'not_found'
  | 'invalid_request'
  | 'conflict'
  | 'rate_limited'
  | 'unavailable'
  | 'unauthorized'
  | 'retired'
  | 'bad_response';

export interface FieldProblem {
  /** Path inside the request body, e.g. `['hyperparameters', 'learning_rate']`. */
  loc: string[];
  msg: string;
}

export interface BackendErrorOptions {
  status?: number;
  retryAfterSeconds?: number;
  /** For `invalid_request`: problems Mistral pinned to a field (a 422 with `detail: [...]`). */
  fieldProblems?: FieldProblem[];
  /** For `invalid_request`: Mistral's own sentence (a 422 with `detail: "text"`). */
  detail?: string;
  cause?: unknown;
}

export class BackendError extends Error {
  readonly kind: BackendErrorKind;
  readonly status?: number;
  readonly retryAfterSeconds?: number;
  readonly fieldProblems: FieldProblem[];
  readonly detail?: string;

  constructor(kind: BackendErrorKind, message: string, options: BackendErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BackendError';
    this.kind = kind;
    this.status = options.status;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.fieldProblems = options.fieldProblems ?? [];
    this.detail = options.detail;
  }
}

export function isBackendError(e: unknown): e is BackendError {
  return e instanceof BackendError;
}

/** What an adapter reads from its provider's error body, for `errorForStatus`. */
export interface StatusErrorParts {
  cause?: unknown;
  detail?: string;
  fieldProblems?: FieldProblem[];
  retryAfterSeconds?: number;
}

/**
 * The one table of HTTP status → error kind, for every provider; each adapter reads its own error
 * body for the parts (detail, field problems, Retry-After).
 */
export function errorForStatus(
  status: number,
  what: string,
  backendLabel: string,
  parts: StatusErrorParts = {},
): BackendError {
  const o = { status, ...parts };
  if (status === 410) return new BackendError('retired', `${what}: 410 Gone`, o);
  if (status === 404) return new BackendError('not_found', `There is no ${what} on ${backendLabel}.`, o);
  if (status === 401 || status === 403) return new BackendError('unauthorized', `${what}: HTTP ${status}`, o);
  if (status === 409) return new BackendError('conflict', `${what}: 409 Conflict`, o);
  // An upload over the provider's size limit: the user's to fix (a smaller file), not a retry.
  if (status === 413) return new BackendError('invalid_request', `${what}: 413 Payload Too Large`, o);
  if (status === 429) return new BackendError('rate_limited', `${what}: 429`, o);
  if (status === 400 || status === 422)
    return new BackendError('invalid_request', `${what}: HTTP ${status}`, o);
  return new BackendError('unavailable', `${what}: HTTP ${status}`, o);
}
