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
