import { describe, expect, it, vi } from 'vitest';

// A fresh clone has no ../shared: the schema part must switch off, the limit checks must not.
vi.mock('../helpers/shared.js', () => ({
  HAS_SHARED: false,
  SHARED_SKIP_REASON: 'test: shared is absent',
  sharedPath: () => {
    throw new Error('the schema must not be read when ../shared is absent');
  },
}));

const { checkMessage, checkModal } = await import('../helpers/block-kit.js');

describe('block-kit checker without ../shared', () => {
  it('skips the schema but still checks the limits', () => {
    const misspelt = { type: 'sectoin', text: { type: 'mrkdwn', text: 'x' } };
    expect(checkMessage({ text: 'ok', blocks: [misspelt] })).toEqual([]);
    const blocks = Array.from({ length: 51 }, () => ({
      type: 'section',
      text: { type: 'mrkdwn', text: 'x' },
    }));
    expect(checkMessage({ text: 'ok', blocks })).toEqual(['/blocks: 51 blocks (a message allows 50)']);
    expect(
      checkModal({ type: 'modal', title: { type: 'plain_text', text: 't'.repeat(30) }, blocks: [blocks[0]] }),
    ).toEqual(['/title: title is 30 characters (max 24)']);
  });
});
