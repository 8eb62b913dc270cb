import { App, type CustomRoute, HTTPReceiver } from '@slack/bolt';
import type { Logger } from 'pino';
import { toBoltLogger } from '../logging/logger.js';
import { ackUnhandled } from './ack-unhandled.js';
import { refuseSkewedRequests } from './request-time.js';

export interface BoltAppOptions {
  botToken: string;
  signingSecret?: string;
  /** When set: Socket Mode instead of HTTP. */
  appToken?: string;
  /** Base URL of the Slack Web API (a local stand-in in tests and the demo). */
  apiUrl?: string;
  logger: Logger;
  /** Local clock for the request-timestamp check (Slack's clock is real time); default Date.now. */
  now?: () => number;
  /** HTTP mode: served at `GET /metrics` (Prometheus text format). */
  metrics?: { contentType: string; text(): Promise<string> };
}

const healthz: CustomRoute = {
  path: '/healthz',
  method: ['GET'],
  handler: (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
  },
};

function metricsRoute(metrics: NonNullable<BoltAppOptions['metrics']>, logger: Logger): CustomRoute {
  return {
    path: '/metrics',
    method: ['GET'],
    handler: (_req, res) => {
      metrics.text().then(
        (body) => {
          res.writeHead(200, { 'content-type': metrics.contentType });
          res.end(body);
        },
        (err: unknown) => {
          logger.warn({ err }, 'could not render /metrics');
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end('metrics unavailable');
        },
      );
    },
  };
}

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
  const logger = toBoltLogger(o.logger);
  const common = { token: o.botToken, logger, clientOptions, deferInitialization: true };
  if (o.appToken) {
    const app = new App({ ...common, appToken: o.appToken, socketMode: true });
    ackUnhandled(app, o.logger);
    return app;
  }
  // The receiver is built here only to put the timestamp check in front of Bolt's listener.
  const receiver = new HTTPReceiver({
    signingSecret: o.signingSecret ?? '',
    customRoutes: o.metrics ? [healthz, metricsRoute(o.metrics, o.logger)] : [healthz],
    logger,
  });
  receiver.requestListener = refuseSkewedRequests(receiver.requestListener, { logger: o.logger, now: o.now });
  const app = new App({ ...common, receiver });
  ackUnhandled(app, o.logger);
  return app;
}
