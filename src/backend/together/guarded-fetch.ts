import { parseRetryAfter } from '../map-error.js';

/** The SDK may wait this long before its one retry of a 429; anything longer is the caller's to wait. */
export const MAX_RETRY_WAIT_SECONDS = 5;

/**
 * fetch for the SDK: a 429 that asks for a long wait is marked `x-should-retry: false`, which the
 * SDK obeys, so an interactive handler is told "rate limited, retry in N s" at once instead of
 * hanging for N seconds inside the SDK.
 */
export function guardedFetch(base: typeof fetch = fetch) {
  return async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const res = await base(input, init);
    if (res.status !== 429) return res;
    const wait = parseRetryAfter(res.headers.get('retry-after'));
    if (wait === undefined || wait <= MAX_RETRY_WAIT_SECONDS) return res;
    const headers = new Headers(res.headers);
    headers.set('x-should-retry', 'false');
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
  };
}
