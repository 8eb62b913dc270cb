import { ErrorCode, type FilesUploadV2Arguments, type WebAPICallResult, WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { toBoltLogger } from '../logging/logger.js';

export interface PosterClientOptions {
  token: string;
  /** Base URL of the Slack Web API (a local stand-in in tests and the demo). */
  apiUrl?: string;
  logger?: Logger;
  /** Per-call timeout (ms). Default 10 s. */
  timeoutMs?: number;
}

/** A Web API answer: `ok` and whatever the method returns. */
export type SlackAnswer = WebAPICallResult;

/** The Web API calls the watch feature makes. */
export interface PosterClient {
  apiCall(method: string, args: Record<string, unknown>): Promise<SlackAnswer>;
  filesUploadV2(args: FilesUploadV2Arguments): Promise<unknown>;
}

/**
 * The methods sent as one JSON body (Slack takes JSON for its write methods). They carry a card's
 * blocks (or a Home tab's), and WebClient would first JSON-stringify every argument for a debug line it builds even
 * when debug is off, then form-encode the blocks' JSON again: most of what a posted card cost the
 * process, at thousands of cards a minute. Everything else goes through WebClient.
 */
const JSON_METHODS = new Set(['chat.postMessage', 'chat.update', 'views.publish']);

/**
 * The Web API client behind the watch feature's posts and edits. It never retries by itself: a
 * post Slack carried out but whose answer was lost (5xx, timeout, dropped connection) would be
 * sent twice. The outbox retries on the next pass instead, after looking for the message by its
 * metadata. A 429 is handed back at once (`rejectRateLimitedCalls`) so the poster waits out
 * Retry-After inside the channel's queue: Slack did not carry that call out, so sending it again is
 * safe. Errors have WebClient's shape (`code`, `data.error`, `retryAfter`, `statusCode`) whichever
 * path a call took.
 */
export function createPosterClient(o: PosterClientOptions): PosterClient {
  const base = o.apiUrl ? (o.apiUrl.endsWith('/') ? o.apiUrl : `${o.apiUrl}/`) : 'https://slack.com/api/';
  const timeoutMs = o.timeoutMs ?? 10_000;
  const web = new WebClient(o.token, {
    slackApiUrl: base,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: timeoutMs,
    ...(o.logger ? { logger: toBoltLogger(o.logger) } : {}),
  });
  const headers = {
    authorization: `Bearer ${o.token}`,
    'content-type': 'application/json; charset=utf-8',
  };

  async function jsonCall(method: string, args: Record<string, unknown>): Promise<SlackAnswer> {
    let res: Response;
    try {
      res = await fetch(`${base}${method}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(args),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (original) {
      throw slackError(ErrorCode.RequestError, `A request error occurred: ${describe(original)}`, {
        original,
      });
    }
    if (res.status === 429) {
      await res.body?.cancel();
      const retryAfter = Number(res.headers.get('retry-after'));
      throw slackError(ErrorCode.RateLimitedError, `A rate limit was exceeded (url: ${method})`, {
        retryAfter: Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : 1,
      });
    }
    const answer = await res.json().catch(() => undefined);
    if (res.status !== 200 || !isAnswer(answer)) {
      throw slackError(ErrorCode.HTTPError, `An HTTP protocol error occurred: statusCode = ${res.status}`, {
        statusCode: res.status,
        statusMessage: res.statusText,
      });
    }
    if (answer.ok !== true) {
      throw slackError(
        ErrorCode.PlatformError,
        `An API error occurred: ${String((answer as { error?: unknown }).error)}`,
        {
          data: answer,
        },
      );
    }
    return answer;
  }

  return {
    apiCall: (method, args) =>
      JSON_METHODS.has(method) ? jsonCall(method, args) : web.apiCall(method, args),
    filesUploadV2: (args) => web.filesUploadV2(args),
  };
}

const isAnswer = (v: unknown): v is SlackAnswer =>
  typeof v === 'object' && v !== null && typeof (v as { ok?: unknown }).ok === 'boolean';

const describe = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** An error shaped like WebClient's, so callers read one shape (`slack-errors.ts`, the poster's 429 wait). */
function slackError(code: ErrorCode, message: string, fields: Record<string, unknown>): Error {
  return Object.assign(new Error(message), { code }, fields);
}
