import { describe, expect, it } from 'vitest';
import type { WatchRecord } from '../../src/domain/watch.js';
import { buildWatchingList } from '../../src/views/watch-list.js';
import { expectValidMessage, visibleText } from '../helpers/block-kit.js';
import { makeContext } from './fixtures.js';

const CTX = makeContext();

function watches(n: number, state: WatchRecord['state'], from: number): WatchRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    jobId: `${String(from + i).padStart(8, '0')}-0000-4000-8000-000000000000`,
    channel: 'C1',
    userId: 'U1',
    createdAt: 1_790_000_000 + from + i,
    state,
    ...(state === 'finished' ? { reason: 'Finished: SUCCESS.' } : {}),
  }));
}

describe('/finetune watching', () => {
  it('lists every watch of a small channel, live ones first, with the counts', () => {
    const msg = buildWatchingList(CTX, 'C1', [...watches(2, 'finished', 0), ...watches(1, 'active', 10)]);
    expectValidMessage(msg);
    const text = visibleText(msg);
    expect(text).toContain('(3, 1 live)');
    expect(text.indexOf('00000010')).toBeLessThan(text.indexOf('00000000'));
    expect(text).not.toContain('more not shown');
  });

  it('in a busy channel shows every live watch, then says how many older ones it leaves out', () => {
    const msg = buildWatchingList(CTX, 'C1', [...watches(55, 'finished', 0), ...watches(10, 'active', 100)]);
    expectValidMessage(msg);
    const text = visibleText(msg);
    for (let i = 100; i < 110; i++) expect(text).toContain(String(i).padStart(8, '0'));
    expect(text).toContain('…and 25 more not shown (0 live, the rest ended)');
    expect(text.match(/🏁 finished/g)).toHaveLength(30);
  });
});
