import { type HttpResult, json } from '../http.js';

/** OpenAI's `type` for a status, as its API answers them. */
function typeFor(status: number, type: string): string {
  if (status === 429) return 'requests';
  if (status >= 500) return 'server_error';
  return type === 'server_error' ? type : 'invalid_request_error';
}

const CODES: Record<number, string> = { 401: 'invalid_api_key', 410: 'gone', 429: 'rate_limit_exceeded' };

/** OpenAI's error body, `{error: {message, type, param, code}}` (Azure's adds `inner_error`). */
export function openaiError(
  status: number,
  type: string,
  message: string,
  headers?: Record<string, string>,
): HttpResult {
  return json(
    status,
    { error: { message, type: typeFor(status, type), param: null, code: CODES[status] ?? null } },
    headers,
  );
}

/** A 400 pinned to a request field, the way OpenAI reports a bad create or upload. */
export function invalid(message: string, param: string | null, code: string | null = null): HttpResult {
  return json(400, { error: { message, type: 'invalid_request_error', param, code } });
}

export function notFound(what: string, id: string): HttpResult {
  return json(404, {
    error: { message: `No such ${what}: ${id}`, type: 'invalid_request_error', param: null, code: null },
  });
}
