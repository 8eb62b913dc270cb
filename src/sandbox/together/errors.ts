import { type HttpResult, json } from '../http.js';

/** Together's `ErrorData` body: `{error: {message, type, param, code}}`. */
export function togetherError(
  status: number,
  type: string,
  message: string,
  headers?: Record<string, string>,
  param: string | null = null,
): HttpResult {
  return json(status, { error: { message, type, param, code: null } }, headers);
}

export const invalid = (message: string, param: string | null = null) =>
  togetherError(400, 'invalid_request_error', message, undefined, param);
