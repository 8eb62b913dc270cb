import { describe, expect, it } from 'vitest';
import { yieldTurn } from '../../src/lib/turns.js';

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
