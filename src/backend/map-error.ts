// The SDK's error classes from their own modules: its `models/errors` index also loads every
// response schema (~50 MB resident), which the app only needs once it calls Mistral.
import {
  ConnectionError,
  RequestAbortedError,
  RequestTimeoutError,
} from '@mistralai/mistralai/models/errors/httpclienterrors.js';
import { MistralError } from '@mistralai/mistralai/models/errors/mistralerror.js';
import { ResponseValidationError } from '@mistralai/mistralai/models/errors/responsevalidationerror.js';
import { BackendError, errorForStatus, type FieldProblem } from './errors.js';

/** Reads a Retry-After header given in seconds or as an HTTP date. */
export function parseRetryAfter(value: string | null | undefined, nowMs = Date.now()): number | undefined {
  if (!value) return undefined;
  const secs = Number(value);
  if (Number.isFinite(secs) && secs >= 0) return Math.ceil(secs);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - nowMs) / 1000));
}

/** Mistral's 422 comes as `{detail: [{loc, msg}]}` (FastAPI) or `{detail: "text"}`. */
export function parseDetail(body: string): { fieldProblems: FieldProblem[]; detail?: string } {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null) return { fieldProblems: [] };
    const detail = (parsed as { detail?: unknown; message?: unknown }).detail;
    if (typeof detail === 'string') return { fieldProblems: [], detail };
    if (Array.isArray(detail)) {
      const fieldProblems = detail.flatMap((d): FieldProblem[] => {
        if (typeof d !== 'object' || d === null) return [];
        const { loc, msg } = d as { loc?: unknown; msg?: unknown };
        if (typeof msg !== 'string') return [];
        return [{ loc: Array.isArray(loc) ? loc.map(String) : [], msg }];
      });
      return { fieldProblems };
    }
    const message = (parsed as { message?: unknown }).message;
    return { fieldProblems: [], detail: typeof message === 'string' ? message : undefined };
  } catch {
    return { fieldProblems: [], detail: body.slice(0, 300) || undefined };
  }
}

export function errorFromStatus(
  status: number,
  body: string,
  headers: Headers | undefined,
  what: string,
  backendLabel: string,
  cause?: unknown,
): BackendError {
  // Mistral's 422 pins problems to fields; its 409 says what is already queued or running.
  const parsed =
    status === 409
      ? { detail: parseDetail(body).detail }
      : status === 400 || status === 422
        ? parseDetail(body)
        : {};
  const retryAfterSeconds = status === 429 ? parseRetryAfter(headers?.get('retry-after')) : undefined;
  return errorForStatus(status, what, backendLabel, { cause, ...parsed, retryAfterSeconds });
}

/** Turns anything the SDK (or fetch) throws into a BackendError. */
export function mapSdkError(e: unknown, what: string, backendLabel: string): BackendError {
  if (e instanceof BackendError) return e;
  if (e instanceof ResponseValidationError) {
    return new BackendError('bad_response', `${what}: response failed validation`, { cause: e });
  }
  if (e instanceof MistralError) {
    return errorFromStatus(e.statusCode, e.body, e.headers, what, backendLabel, e);
  }
  if (e instanceof RequestTimeoutError) {
    return new BackendError('unavailable', 'timed out', { cause: e });
  }
  if (e instanceof ConnectionError || e instanceof RequestAbortedError) {
    return new BackendError('unavailable', 'cannot connect', { cause: e });
  }
  if (e instanceof SyntaxError) {
    return new BackendError('bad_response', `${what}: response is not JSON`, { cause: e });
  }
  if (e instanceof TypeError) {
    // fetch() reports network failures as TypeError('fetch failed').
    return new BackendError('unavailable', 'cannot connect', { cause: e });
  }
  return new BackendError('bad_response', `${what}: unexpected error`, { cause: e });
}
