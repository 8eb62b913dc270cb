import type { KnownBlock } from '@slack/types';
import { BLOCK } from './ids.js';
import { context } from './kit.js';
import { LIMITS } from './limits.js';
import { truncate, truncateMrkdwn } from './truncate.js';

/**
 * Keeps a message within `max` blocks. The last `keepTail` blocks (the buttons) survive; blocks
 * before them are replaced by one note, so the reader knows something was left out.
 */
export function fitBlocks(
  blocks: KnownBlock[],
  max: number = LIMITS.messageBlocks,
  keepTail = 0,
): KnownBlock[] {
  if (blocks.length <= max) return blocks;
  const tail = blocks.slice(blocks.length - keepTail);
  const head = blocks.slice(0, Math.max(0, max - 1 - tail.length));
  const omitted = blocks.length - head.length - tail.length;
  const note = context(BLOCK.blocksOmitted, [`… ${omitted} more not shown.`]);
  return [...head, note, ...tail];
}

interface TextObject {
  type: 'mrkdwn' | 'plain_text';
  text: string;
}

function isTextObject(v: unknown): v is TextObject {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (o.type === 'mrkdwn' || o.type === 'plain_text') && typeof o.text === 'string';
}

function collectTextObjects(node: unknown, out: TextObject[]): TextObject[] {
  if (Array.isArray(node)) for (const item of node) collectTextObjects(item, out);
  else if (typeof node === 'object' && node !== null) {
    if (isTextObject(node)) out.push(node);
    else for (const v of Object.values(node)) collectTextObjects(v, out);
  }
  return out;
}

/** The largest per-text length cap that keeps the sum within `budget`. */
function waterLevel(lengths: number[], budget: number): number {
  let lo = 1;
  let hi = Math.max(1, ...lengths);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    const sum = lengths.reduce((acc, n) => acc + Math.min(n, mid), 0);
    if (sum <= budget) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Slack rejects a message whose texts add up to about 13k characters (`msg_blocks_too_long`) even
 * when every single text is within its own limit. When the total is over `budget`, the longest texts
 * are cut to a common length, so short ones (buttons, labels) stay whole. Returns a copy.
 */
export function fitTextBudget(blocks: KnownBlock[], budget: number = LIMITS.cumulativeText): KnownBlock[] {
  const total = collectTextObjects(blocks, []).reduce((acc, t) => acc + t.text.length, 0);
  if (total <= budget) return blocks;
  const copy = structuredClone(blocks);
  const texts = collectTextObjects(copy, []);
  const cap = waterLevel(
    texts.map((t) => t.text.length),
    budget,
  );
  for (const t of texts) {
    if (t.text.length > cap)
      t.text = t.type === 'mrkdwn' ? truncateMrkdwn(t.text, cap) : truncate(t.text, cap);
  }
  return copy;
}
