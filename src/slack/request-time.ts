import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Logger } from 'pino';

/** Slack's rule: a request whose timestamp is more than five minutes from local time is refused. */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

/**
 * True when `x-slack-request-timestamp` is within five minutes of `nowMs`, in either direction.
 * Bolt refuses only the old ones; a signed request from the future would be replayable for as
 * long as it is ahead. Undefined when there is no header: Bolt decides (ssl_check has none).
 */
export function isFreshTimestamp(header: string | string[] | undefined, nowMs: number): boolean | undefined {
  if (header === undefined) return undefined;
  if (Array.isArray(header) || !/^\d{1,12}$/.test(header.trim())) return false;
  return Math.abs(nowMs / 1000 - Number(header)) <= MAX_CLOCK_SKEW_SECONDS;
}

/**
 * Wraps the HTTP receiver's listener: a request with a stale or future timestamp gets 401 with no
 * body before Bolt sees it; everything else goes on to Bolt (which checks the signature).
 */
export function refuseSkewedRequests(
  next: RequestListener,
  o: { logger: Logger; now?: () => number },
): RequestListener {
  const now = o.now ?? Date.now;
  return (req: IncomingMessage, res: ServerResponse) => {
    const fresh =
      req.method === 'POST' ? isFreshTimestamp(req.headers['x-slack-request-timestamp'], now()) : true;
    if (fresh === false) {
      o.logger.warn(
        { timestamp: String(req.headers['x-slack-request-timestamp']).slice(0, 20) },
        'refused a request whose timestamp is more than five minutes from local time',
      );
      req.resume();
      res.writeHead(401);
      res.end();
      return;
    }
    next(req, res);
  };
}
