import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../devtools/local-stack.js';
import { COMMAND_NAMES } from '../../src/commands/table.js';
import { startCreateStack } from '../create/stack.js';
import { trackUnhandledRejections } from './unhandled.js';

/**
 * Thousands of random `/finetune` texts through the real app over HTTP: every one is acked with 200
 * and answered, by a message on its response_url or by opening the create modal.
 */
let stack: LocalStack;
const tracker = trackUnhandledRejections();

beforeAll(async () => {
  stack = await startCreateStack();
});

afterAll(async () => {
  tracker.stop();
  await stack?.close();
});

const hex = fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF-'), maxLength: 40 });
const word = fc.oneof(
  fc.constantFrom(
    ...COMMAND_NAMES,
    'stat',
    'LIST',
    'Create',
    'strat',
    'mine',
    'status:RUNNING',
    'page:0',
    '"',
  ),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  hex,
);
const commandText = fc.oneof(
  fc.array(word, { maxLength: 5 }).map((w) => w.join(' ')),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom('', '   ', '\u201Cstart\u201D', 'cancel \u00A0abc123', `start ${'f'.repeat(3000)}`),
);

describe('any command text', () => {
  it('is acked and answered, and nothing crashes', async () => {
    let opened = 0;
    await fc.assert(
      fc.asyncProperty(commandText, async (text) => {
        const res = await stack.driver.command(text);
        expect(res.status).toBe(200);
        const answer = await stack.standin.waitFor(
          (s) =>
            stack.driver.responsesFor(res.responseUrl)[0] ??
            s.callsTo('views.open').find((c) => c.args.trigger_id === res.triggerId),
          10_000,
        );
        if ('method' in answer) {
          opened += 1;
          return;
        }
        const body = answer as { text?: unknown };
        expect(typeof body.text).toBe('string');
        expect((body.text as string).trim().length).toBeGreaterThan(0);
      }),
      { numRuns: 3000 },
    );
    expect(opened).toBeGreaterThan(0);
    expect(tracker.reasons).toEqual([]);
    expect(stack.standin.payloadProblems).toEqual([]);
  }, 180_000);
});
