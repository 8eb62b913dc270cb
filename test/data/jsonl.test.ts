import { describe, expect, it } from 'vitest';
import { checkTrainingFile } from '../../src/data/jsonl.js';
import { detectSampleType } from '../../src/sandbox/samples.js';

const enc = (s: string) => new TextEncoder().encode(s);
const chat = (msgs: unknown[]) => JSON.stringify({ messages: msgs });
const ok = chat([
  { role: 'user', content: 'hi' },
  { role: 'assistant', content: 'hello' },
]);

describe('training-data checks', () => {
  it('accepts chat data with a system prompt, tool calls and blank lines', () => {
    const tool = chat([
      { role: 'system', content: 's' },
      { role: 'user', content: 'weather?' },
      {
        role: 'assistant',
        tool_calls: [{ id: 'abcdefghi', type: 'function', function: { name: 'w', arguments: '{}' } }],
      },
      { role: 'tool', content: '{"t":20}', tool_call_id: 'abcdefghi' },
      { role: 'assistant', content: '20 degrees' },
    ]);
    expect(checkTrainingFile('a.jsonl', enc(`${ok}\n\n${tool}\n`), 'completion')).toMatchObject({
      ok: true,
      samples: 2,
    });
  });

  it.each([
    ['{not json', 'not valid JSON'],
    ['[1,2]', 'expected a JSON object'],
    ['{"prompt":"x"}', 'missing a "messages" array'],
    [
      chat([{ role: 'user', content: 'only a question' }]),
      'no assistant message (the loss is computed on assistant messages)',
    ],
    [chat([{ role: 'bot', content: 'x' }]), 'message 1 has an invalid role "bot"'],
    [
      chat([
        { role: 'user', content: 3 },
        { role: 'assistant', content: 'x' },
      ]),
      'message 1 (user) has no string "content"',
    ],
  ])('names the file and line of the first bad sample: %s', (bad, reason) => {
    const r = checkTrainingFile('train.jsonl', enc(`${ok}\n${ok}\n${bad}\n${ok}\n`), 'completion');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toBe(`train.jsonl line 3: ${reason}`);
  });

  it('rejects an empty file', () => {
    expect(checkTrainingFile('e.jsonl', enc('\n\n'), 'completion')).toEqual({
      ok: false,
      error: 'e.jsonl: the file has no samples',
    });
  });

  it('accepts classifier data as {text, labels} or {messages, labels} and collects the labels', () => {
    const data = [
      JSON.stringify({ text: 'a', labels: { sentiment: 'positive' } }),
      JSON.stringify({ messages: [{ role: 'user', content: 'b' }], labels: { sentiment: ['negative'] } }),
    ].join('\n');
    const r = checkTrainingFile('c.jsonl', enc(data), 'classifier');
    expect(r.ok).toBe(true);
    if (r.ok) expect([...(r.labels.get('sentiment') ?? [])].sort()).toEqual(['negative', 'positive']);
    const bad = checkTrainingFile('c.jsonl', enc(JSON.stringify({ text: 'no labels' })), 'classifier');
    expect(bad).toEqual({ ok: false, error: 'c.jsonl line 1: needs a non-empty "labels" object' });
  });

  it('reports chat uploads as instruct data', () => {
    expect(detectSampleType(enc(ok), 'fine-tune')).toBe('instruct');
    expect(detectSampleType(enc(ok), 'batch')).toBe('batch_request');
  });
});
