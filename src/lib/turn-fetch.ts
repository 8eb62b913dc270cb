import { yieldTurn } from './turns.js';

export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Statuses whose Response may not have a body (the Fetch standard's "null body status"). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * fetch for a provider's SDK: each answer is read whole, then waits its turn of the event loop
 * (lib/turns.ts) before the SDK parses and validates it. Answers that land together (a burst of
 * commands whose backend calls were sent together) would otherwise be parsed one after the other in
 * the same turn, inside the callbacks that read them, with no request from Slack read, let alone acked,
 * until the last was done: with 20 list pages of 100 jobs that is tens of milliseconds.
 */
export function turnTakingFetch(base: Fetch = fetch): Fetch {
  return async (input, init) => {
    const res = await base(input, init);
    const body = NULL_BODY.has(res.status) ? null : await res.arrayBuffer();
    await yieldTurn();
    const out = new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
    // The SDKs name the URL in their errors and logs; a constructed Response has none of its own.
    Object.defineProperty(out, 'url', { value: res.url });
    return out;
  };
}
