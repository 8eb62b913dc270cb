import { type App, HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createBoltApp } from '../../src/slack/create-bolt-app.js';

/**
 * Which transport Bolt was built with, without connecting anywhere: nothing here calls `start()`.
 * Bolt keeps its receiver private; reading it is the only offline way to see the mode, so the test
 * looks through a narrow structural type instead of widening anything to `any`.
 */
interface ReceiverInternals {
  routes?: Record<string, unknown>;
  httpServer?: unknown;
  client?: { websocket?: unknown };
}
const receiverOf = (app: App): unknown => (app as unknown as { receiver: unknown }).receiver;

const logger = pino({ level: 'silent' });
// An address nothing listens on: if a constructor ever reached the network it would fail loudly.
const apiUrl = 'http://127.0.0.1:9/api/';

describe('createBoltApp', () => {
  it('uses Socket Mode with an app token: no HTTP listener, no /healthz route, not connected yet', () => {
    const app = createBoltApp({ botToken: 'xoxb-test-1', appToken: 'xapp-test-1', apiUrl, logger });
    const receiver = receiverOf(app);
    expect(receiver).toBeInstanceOf(SocketModeReceiver);
    expect(receiver).not.toBeInstanceOf(HTTPReceiver);
    const r = receiver as ReceiverInternals;
    expect(r.httpServer).toBeUndefined();
    expect(Object.keys(r.routes ?? {})).not.toContain('/healthz');
    expect(r.client?.websocket).toBeUndefined();
  });

  it('needs no signing secret in Socket Mode (Slack signs nothing over the socket)', () => {
    expect(() =>
      createBoltApp({ botToken: 'xoxb-test-1', appToken: 'xapp-test-1', apiUrl, logger }),
    ).not.toThrow();
  });

  it('uses HTTP with a signing secret and no app token, with GET /healthz', () => {
    const app = createBoltApp({ botToken: 'xoxb-test-1', signingSecret: 'secret-123456', apiUrl, logger });
    const receiver = receiverOf(app);
    expect(receiver).toBeInstanceOf(HTTPReceiver);
    expect(Object.keys((receiver as ReceiverInternals).routes ?? {})).toContain('/healthz');
  });

  it('refuses HTTP mode without a signing secret', () => {
    expect(() => createBoltApp({ botToken: 'xoxb-test-1', apiUrl, logger })).toThrow(/signing ?secret/i);
  });
});
