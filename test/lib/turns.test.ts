import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { acceptFirst, yieldTurn } from '../../src/lib/turns.js';

/** Blocks the thread for `ms`, as a piece of request work (building an SDK request, a card) does. */
const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin
  }
};

describe('yieldTurn', () => {
  it('resumes waiters in call order, one per turn of the event loop, so I/O is read between them', async () => {
    const log: string[] = [];
    // Each waiter, once resumed, queues work for the next turn (as an I/O callback would be run then).
    const waiters = [0, 1, 2, 3].map(async (k) => {
      await yieldTurn();
      log.push(`resumed ${k}`);
      setImmediate(() => log.push(`next turn after ${k}`));
    });
    await Promise.all(waiters);
    await new Promise((r) => setImmediate(r));
    // With every waiter resumed in the same turn, all four would resume before any "next turn".
    expect(log.indexOf('next turn after 0')).toBeLessThan(log.indexOf('resumed 2'));
    expect(log.filter((l) => l.startsWith('resumed'))).toEqual([
      'resumed 0',
      'resumed 1',
      'resumed 2',
      'resumed 3',
    ]);
  });
});

describe('acceptFirst', () => {
  let server: Server | undefined;
  const clients: Socket[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    server = undefined;
  });

  async function listening(): Promise<{ port: number; accepted: () => number }> {
    let accepted = 0;
    const s = createServer((socket) => {
      accepted++;
      socket.on('error', () => {});
    });
    server = s;
    acceptFirst(s);
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const address = s.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    return { port: address.port, accepted: () => accepted };
  }

  const open = (port: number) => {
    const c = connect(port, '127.0.0.1');
    c.on('error', () => {});
    clients.push(c);
  };

  it('accepts every connection of a burst before deferred work resumes', async () => {
    const { port, accepted } = await listening();
    // Twenty pieces of deferred work, each 2 ms, then twenty connections opened at once (as Slack
    // sends twenty commands): libuv accepts one connection per turn of the loop, so a waiter resumed
    // in each of those turns would leave the 20th connection behind 19 pieces of work.
    const seenByWaiter: number[] = [];
    const waiters = Array.from({ length: 20 }, async () => {
      await yieldTurn();
      seenByWaiter.push(accepted());
      busy(2);
    });
    for (let i = 0; i < 20; i++) open(port);
    await Promise.all(waiters);
    expect(seenByWaiter[0]).toBe(20);
  });

  it('still resumes deferred work while new connections keep coming', async () => {
    const { port, accepted } = await listening();
    let opening = true;
    // A new connection in every turn for as long as the test runs.
    const keepOpening = () => {
      if (!opening) return;
      open(port);
      setImmediate(keepOpening);
    };
    keepOpening();
    while (accepted() < 5) await new Promise((r) => setImmediate(r));
    const before = accepted();
    await yieldTurn();
    const during = accepted() - before;
    const stillOpening = opening;
    opening = false;
    // The waiter resumed while the stream went on (it never ends by itself), after standing aside
    // for a bounded number of turns.
    expect(stillOpening).toBe(true);
    expect(during).toBeLessThanOrEqual(70);
  });
});
