import { App, type CustomRoute } from '@slack/bolt';
import type { Logger } from 'pino';
import { toBoltLogger } from '../logging/logger.js';

export interface BoltAppOptions {
  botToken: string;
  signingSecret?: string;
  /** When set: Socket Mode instead of HTTP. */
  appToken?: string;
  /** Base URL of the Slack Web API (a local stand-in in tests and the demo). */
  apiUrl?: string;
  logger: Logger;
}

const healthz: CustomRoute = {
  path: '/healthz',
  method: ['GET'],
  handler: (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
  },
};

/**
 * The Bolt App, HTTP or Socket Mode. `deferInitialization` keeps Bolt's `auth.test` out of the
 * constructor (where a failure is an unhandled rejection) so `app.init()` can report it.
 */
export function createBoltApp(o: BoltAppOptions): App {
  const clientOptions = {
    slackApiUrl: o.apiUrl ? (o.apiUrl.endsWith('/') ? o.apiUrl : `${o.apiUrl}/`) : undefined,
    // Bounded: the default (ten retries over about thirty minutes) would hold a poll tick hostage.
    retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 5_000 },
    timeout: 10_000,
  };
  const common = {
    token: o.botToken,
    logger: toBoltLogger(o.logger),
    clientOptions,
    deferInitialization: true,
  };
  if (o.appToken) {
    return new App({ ...common, appToken: o.appToken, socketMode: true });
  }
  return new App({ ...common, signingSecret: o.signingSecret, customRoutes: [healthz] });
}
