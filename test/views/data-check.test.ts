import { describe, expect, it } from 'vitest';
import { inspectTrainingData } from '../../src/data/inspect.js';
import {
  checkRefusal,
  checkRefusalShort,
  checkSummary,
  costText,
  DOWNLOAD_MSG,
} from '../../src/views/data-check.js';

const enc = (s: string) => new TextEncoder().encode(s);
const chat = (q: string) =>
  JSON.stringify({
    messages: [
      { role: 'user', content: q },
      { role: 'assistant', content: 'a' },
    ],
  });

describe('what the bot says about a checked file', () => {
  it('names the first bad lines with escaped excerpts, and the counts', () => {
    const r = inspectTrainingData(
      '<b>&.jsonl',
      enc(`${chat('a')}\n<!channel> ping\n{"messages": []}\n`),
      'completion',
    );
    const text = checkRefusal(r);
    expect(text).toContain('`&lt;b&gt;&amp;.jsonl` was not uploaded: 2 lines of 3 failed the checks.');
    expect(text).toContain('• line 2: not valid JSON `&lt;!channel&gt; ping`');
    expect(text).toContain('• line 3: "messages" is empty');
    expect(text).toContain('(3 lines, 3 examples, ≈');
    expect(text).not.toContain('<!channel>');
  });

  it('says it shorter, in plain text, under a form field', () => {
    const r = inspectTrainingData('t.jsonl', enc(`x\ny\nz\nw\n`), 'completion');
    expect(checkRefusalShort(r)).toBe(
      'Not uploaded. line 1: not valid JSON; line 2: not valid JSON; line 3: not valid JSON (4 bad lines in all).',
    );
  });

  it('sums up a good file with its notes', () => {
    const r = inspectTrainingData('t.jsonl', enc(`${chat('a')}\n${chat('a')}\n`), 'completion');
    expect(checkSummary(r)).toMatch(
      /^:white_check_mark: `t\.jsonl` passed the checks: 2 lines, 2 examples, ≈ \d+ tokens\./,
    );
    expect(checkSummary(r)).toContain('• line 2: duplicate of line 1');
  });

  it('gives a price where the provider has one, tokens where it has none', () => {
    expect(costText({ cost: 1.5, cost_currency: 'USD' }, 'Mistral', 'for one epoch')).toBe(
      'Estimated cost for one epoch: *1.50 USD* (Mistral).',
    );
    expect(costText({ train_tokens: 1200 }, 'OpenAI', 'for one epoch')).toBe(
      'OpenAI gives no price: ≈ 1,200 tokens would be trained for one epoch.',
    );
    expect(costText(undefined, 'OpenAI', '')).toBeUndefined();
  });

  it('explains the sign-in page', () => {
    expect(DOWNLOAD_MSG.html('`t.jsonl`')).toMatch(/sign-in page .* files:read scope/);
  });
});
