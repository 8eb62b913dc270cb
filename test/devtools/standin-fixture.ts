import { type Logger, LogLevel, WebClient } from '@slack/web-api';
import {
  type SlackStandin,
  type SlackStandinOptions,
  startSlackStandin,
} from '../../devtools/slack-standin.js';

const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

/** A stand-in plus a WebClient aimed at it, without retries, so each call maps to one recorded request. */
export async function standinWithClient(
  opts: SlackStandinOptions = {},
): Promise<{ standin: SlackStandin; client: WebClient }> {
  const standin = await startSlackStandin({ teamId: 'T1', botUserId: 'UBOT', botId: 'BBOT', ...opts });
  const client = new WebClient('xoxb-test', {
    slackApiUrl: standin.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    // Tests provoke errors and missing-text warnings on purpose; WebClient's logging of them is noise.
    logger: silentLogger,
  });
  return { standin, client };
}

/** The Slack error code of a rejected WebClient call. */
export async function slackError(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    const data = (e as { data?: { error?: string } }).data;
    return data?.error ?? String((e as { code?: string }).code ?? e);
  }
  throw new Error('expected the call to fail');
}

/** A hand-set clock for trigger and response_url expiry. */
export function manualClock(start = 1_700_000_000_000) {
  let t = start;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
  };
}
