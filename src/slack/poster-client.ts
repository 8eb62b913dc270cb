import { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { toBoltLogger } from '../logging/logger.js';

export interface PosterClientOptions {
  token: string;
  /** Base URL of the Slack Web API (a local stand-in in tests and the demo). */
  apiUrl?: string;
  logger?: Logger;
}

/**
 * The Web API client behind the watch feature's posts and edits. It never retries by itself: a
 * post Slack carried out but whose answer was lost (5xx, timeout, dropped connection) would be
 * sent twice. The outbox retries on the next pass instead, after looking for the message by its
 * metadata. A 429 is handed back at once (`rejectRateLimitedCalls`) so the poster waits out
 * Retry-After inside the channel's queue: Slack did not carry that call out, so sending it again is
 * safe.
 */
export function createPosterClient(o: PosterClientOptions): WebClient {
  return new WebClient(o.token, {
    slackApiUrl: o.apiUrl ? (o.apiUrl.endsWith('/') ? o.apiUrl : `${o.apiUrl}/`) : undefined,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 10_000,
    ...(o.logger ? { logger: toBoltLogger(o.logger) } : {}),
  });
}
