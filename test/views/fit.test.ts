import type { KnownBlock, SectionBlock } from '@slack/types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BLOCK, fitBlocks, fitTextBudget, truncate, truncateMrkdwn } from '../../src/views/index.js';
import { cumulativeTextLength } from '../helpers/block-kit.js';

const sectionOf = (id: string, text: string): SectionBlock => ({
  type: 'section',
  block_id: id,
  text: { type: 'mrkdwn', text },
});

describe('truncate', () => {
  it('leaves short text alone and ends cut text with an ellipsis', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('abcdef', 4)).toBe('abc…');
  });

  it('never exceeds the limit and never splits an emoji', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 200 }),
        fc.integer({ min: 1, max: 100 }),
        (s, max) => {
          const cut = truncate(s, max);
          expect(cut.length).toBeLessThanOrEqual(max);
          expect(/[\uD800-\uDBFF]$/.test(cut.replace(/…$/, ''))).toBe(false);
        },
      ),
    );
  });
});

describe('truncateMrkdwn', () => {
  it('drops a link or entity it would cut in half', () => {
    expect(truncateMrkdwn('see <https://example.com/very/long|the page> now', 20)).toBe('see …');
    expect(truncateMrkdwn('a &amp; b', 5)).toBe('a …');
  });

  it('closes a code span it cuts', () => {
    const cut = truncateMrkdwn('id `0123456789abcdef`', 12);
    expect(cut.length).toBeLessThanOrEqual(12);
    expect(cut.endsWith('…`')).toBe(true);
  });

  it('never exceeds the limit', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.integer({ min: 1, max: 120 }), (s, max) => {
        expect(truncateMrkdwn(s, max).length).toBeLessThanOrEqual(max);
      }),
    );
  });
});

describe('fitBlocks', () => {
  const blocks = (n: number): KnownBlock[] =>
    Array.from({ length: n }, (_, i) => sectionOf(`b${i}`, `row ${i}`));

  it('keeps messages that fit', () => {
    const ok = blocks(50);
    expect(fitBlocks(ok)).toBe(ok);
  });

  it('cuts to the limit, keeps the tail and says how much was left out', () => {
    const fitted = fitBlocks(blocks(70), 50, 1);
    expect(fitted).toHaveLength(50);
    expect(fitted.at(-1)?.block_id).toBe('b69');
    expect(fitted.at(-2)?.block_id).toBe(BLOCK.blocksOmitted);
    expect(JSON.stringify(fitted.at(-2))).toContain('21 more not shown');
  });
});

describe('fitTextBudget', () => {
  it('leaves a message under budget untouched', () => {
    const small = [sectionOf('a', 'hello')];
    expect(fitTextBudget(small)).toBe(small);
  });

  it('cuts the longest texts first and keeps short ones whole, without touching the input', () => {
    const input = [
      sectionOf('a', 'x'.repeat(3000)),
      sectionOf('b', 'short'),
      sectionOf('c', 'y'.repeat(3000)),
    ];
    const fitted = fitTextBudget(input, 2000);
    expect(cumulativeTextLength(fitted)).toBeLessThanOrEqual(2000);
    expect((fitted[1] as SectionBlock).text?.text).toBe('short');
    expect((input[0] as SectionBlock).text?.text).toHaveLength(3000);
  });
});
