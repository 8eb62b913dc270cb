import { App, LogLevel, type ReceiverEvent } from '@slack/bolt';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { ackUnhandled } from '../../src/slack/ack-unhandled.js';

/**
 * A real Bolt App (never started: events go straight into `processEvent`, as its receiver would hand
 * them over) with a `/finetune` listener that acks first and then works, like every handler here.
 */
function appLogging(log: string[]): App {
  const app = new App({
    token: 'xoxb-test',
    signingSecret: 'test-signing-secret',
    botId: 'BBOT',
    botUserId: 'UBOT',
    logLevel: LogLevel.ERROR,
  });
  app.command('/finetune', async ({ ack, command }) => {
    await ack();
    log.push(`work ${command.text}`);
  });
  ackUnhandled(app, pino({ level: 'silent' }));
  return app;
}

/** A slash command whose ack (the receiver's, which writes the HTTP response) is logged. */
function eventFor(text: string, log: string[]): ReceiverEvent {
  return {
    body: {
      command: '/finetune',
      text,
      user_id: 'U1',
      channel_id: 'C1',
      team_id: 'T1',
      response_url: 'http://127.0.0.1:9/response',
      trigger_id: 'trigger-1',
    },
    ack: async () => {
      log.push(`ack ${text}`);
    },
  };
}

/** Like sockets becoming readable in one turn of the event loop: their callbacks run one after the other. */
async function arriveTogether(app: App, events: ReceiverEvent[]): Promise<void> {
  await Promise.all(
    events.map(
      (e) => new Promise<void>((done, fail) => setImmediate(() => app.processEvent(e).then(done, fail))),
    ),
  );
}

describe('ackUnhandled: the work after an ack', () => {
  it('runs after the ack, once', async () => {
    const log: string[] = [];
    await appLogging(log).processEvent(eventFor('status 1', log));
    expect(log).toEqual(['ack status 1', 'work status 1']);
  });

  it('waits for the acks of requests that arrived with it', async () => {
    const log: string[] = [];
    const app = appLogging(log);
    await arriveTogether(app, [eventFor('a', log), eventFor('b', log), eventFor('c', log)]);
    // Each request's work waits for the acks of the others, not the other way round.
    expect(log).toEqual(['ack a', 'ack b', 'ack c', 'work a', 'work b', 'work c']);
  });

  it('still acks a request no listener handled, once', async () => {
    const log: string[] = [];
    const app = appLogging(log);
    const body = { type: 'block_suggestion', action_id: 'x', team: { id: 'T1' }, user: { id: 'U1' } };
    await app.processEvent({ body, ack: async () => void log.push('ack') });
    expect(log).toEqual(['ack']);
  });
});
