import { describe, expect, it } from 'vitest';
import { indexExamples, inspectTrainingData, MAX_LINE_BYTES, MAX_REPORTED } from '../../src/data/inspect.js';
import { checkTrainingFile } from '../../src/data/jsonl.js';

const enc = (s: string) => new TextEncoder().encode(s);
const chat = (q: string, a = 'answer') =>
  JSON.stringify({
    messages: [
      { role: 'user', content: q },
      { role: 'assistant', content: a },
    ],
  });

describe('inspecting a training file', () => {
  it('counts lines, examples and estimated tokens of a good file', () => {
    const text = `${chat('a')}\n${chat('b')}\n${chat('c')}\n`;
    const r = inspectTrainingData('t.jsonl', enc(text), 'completion');
    expect(r).toMatchObject({ lines: 3, examples: 3, errorCount: 0, warningCount: 0, duplicates: 0 });
    expect(r.tokens).toBe(Math.ceil(enc(text).byteLength / 4));
  });

  it('names every bad line in order with an excerpt, keeping the first few', () => {
    const lines = [chat('ok'), '{broken', '[1]', chat('ok2'), ...Array.from({ length: 6 }, () => 'nope')];
    const r = inspectTrainingData('t.jsonl', enc(lines.join('\n')), 'completion');
    expect(r.errorCount).toBe(8);
    expect(r.errors).toHaveLength(MAX_REPORTED);
    expect(r.errors[0]).toEqual({ line: 2, reason: 'not valid JSON', excerpt: '{broken' });
    expect(r.errors[1]).toMatchObject({ line: 3, reason: 'expected a JSON object' });
  });

  it('checks the order of a conversation', () => {
    const bad = (messages: unknown[]) =>
      inspectTrainingData('t.jsonl', enc(JSON.stringify({ messages })), 'completion').errors[0]?.reason;
    expect(
      bad([
        { role: 'assistant', content: 'hi' },
        { role: 'user', content: 'q' },
      ]),
    ).toBe('message 1: the conversation must start with a user message, not assistant');
    expect(
      bad([
        { role: 'user', content: 'q' },
        { role: 'system', content: 's' },
        { role: 'assistant', content: 'a' },
      ]),
    ).toBe('message 2: a system message may only come first');
    expect(
      bad([
        { role: 'user', content: 'q' },
        { role: 'tool', content: '{}' },
        { role: 'assistant', content: 'a' },
      ]),
    ).toBe('message 2: a tool message must follow an assistant message with tool_calls');
  });

  it('refuses an oversize line and reports blank lines and duplicates without refusing', () => {
    const long = JSON.stringify({ messages: [{ role: 'user', content: 'x'.repeat(MAX_LINE_BYTES) }] });
    const r = inspectTrainingData('t.jsonl', enc([chat('a'), '', chat('a'), long].join('\n')), 'completion');
    expect(r.errors).toEqual([
      expect.objectContaining({
        line: 4,
        reason: expect.stringMatching(/^line too long \(\d+ bytes, at most 262144\)$/),
      }),
    ]);
    expect(r.warnings).toEqual([
      { line: 2, reason: 'blank line (skipped)', excerpt: '' },
      expect.objectContaining({ line: 3, reason: 'duplicate of line 1' }),
    ]);
    expect(r.duplicates).toBe(1);
  });

  it('refuses validation samples that are also training samples', () => {
    const training = indexExamples(enc(`${chat('a')}\n${chat('b')}\n`));
    const r = inspectTrainingData('v.jsonl', enc(`${chat('c')}\n${chat('b')}\n`), 'completion', { training });
    expect(r.overlap).toBe(1);
    expect(r.errors).toEqual([
      expect.objectContaining({ line: 2, reason: 'also in the training data (line 2)' }),
    ]);
  });

  it('is what the sandbox validates with: checkTrainingFile fails on the first error only', () => {
    const text = `${chat('a')}\n\n${chat('a')}\n{x\n`;
    expect(checkTrainingFile('t.jsonl', enc(text), 'completion')).toEqual({
      ok: false,
      error: 't.jsonl line 4: not valid JSON',
    });
    expect(checkTrainingFile('t.jsonl', enc(`${chat('a')}\n\n${chat('a')}\n`), 'completion')).toMatchObject({
      ok: true,
      samples: 2,
    });
  });
});
