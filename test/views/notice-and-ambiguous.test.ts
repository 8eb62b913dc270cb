import type { Button, SectionBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { ACTION } from '../../src/views/ids.js';
import { BLOCK, buildAmbiguousJobMessage, buildNoticeMessage } from '../../src/views/index.js';
import { buildJobGoneCard } from '../../src/views/watch-notices.js';
import { checkMessage, visibleText } from '../helpers/block-kit.js';
import { makeContext, makeJob } from './fixtures.js';

describe('buildNoticeMessage', () => {
  it('shows the sentence as the message and as its fallback', () => {
    const msg = buildNoticeMessage(makeContext(), 'Job `1a2b3c4d` was cancelled.');
    expect(msg.text).toBe('Job `1a2b3c4d` was cancelled.');
    expect(msg.blocks[0]?.block_id).toBe(BLOCK.notice);
    expect(checkMessage(msg)).toEqual([]);
  });

  it('cuts a huge sentence instead of being rejected, and never sends an empty one', () => {
    expect(checkMessage(buildNoticeMessage(makeContext(), 'e'.repeat(50_000)))).toEqual([]);
    expect(checkMessage(buildNoticeMessage(makeContext({ sandbox: true }), '  '))).toEqual([]);
  });
});

describe('buildAmbiguousJobMessage', () => {
  const candidates = (n: number) =>
    Array.from({ length: n }, (_, i) =>
      makeJob({ id: `1a2b3c${String(i).padStart(2, '0')}-0000-4000-8000-000000000000` }),
    );

  it('says how many jobs match and shows a row with a Details button for each', () => {
    const msg = buildAmbiguousJobMessage(makeContext(), '1a2b3c', candidates(3));
    expect(visibleText(msg)).toContain('`1a2b3c` matches 3 jobs:');
    const rows = msg.blocks.filter((b): b is SectionBlock => b.block_id?.startsWith('job_row_') ?? false);
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => (r.accessory as Button).action_id)).toEqual(Array(3).fill(ACTION.jobDetails));
    expect(visibleText(rows)).toContain('`1a2b3c00`');
    expect(checkMessage(msg)).toEqual([]);
  });

  it('caps the list at 10 and says how many more there are', () => {
    const msg = buildAmbiguousJobMessage(makeContext({ sandbox: true }), '1a2b3c', candidates(25));
    expect(msg.blocks.filter((b) => b.block_id?.startsWith('job_row_'))).toHaveLength(10);
    expect(visibleText(msg)).toContain('… and 15 more');
    expect(checkMessage(msg)).toEqual([]);
  });
});

describe('buildJobGoneCard', () => {
  it('says the job no longer exists, with no buttons and a valid message', () => {
    const card = buildJobGoneCard(makeContext(), '1a2b3c4d-0000-4000-8000-000000000000');
    expect(checkMessage(card)).toEqual([]);
    expect(visibleText(card)).toContain('Fine-tuning job `1a2b3c4d` no longer exists on Mistral');
    expect(card.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(card.text).toBe('Fine-tuning job 1a2b3c4d no longer exists on Mistral');
  });
});
