import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../devtools/local-stack.js';
import { openForm, startCreateStack, submit, trainingFiles, validInput } from '../create/stack.js';

/**
 * Issue #7 §4.6: a W&B key typed into the create form is scrubbed from the log lines of the request
 * that carries it, and is not kept afterwards: the set of scrubbed values does not grow with use.
 */
let stack: LocalStack;
const OPERATOR = 'U0000OPER';
const key = (i: number) => `WANDBKEY${String(i).padStart(4, '0')}${'k'.repeat(28)}`;

beforeAll(async () => {
  stack = await startCreateStack({ env: { FINETUNE_OPERATORS: OPERATOR, LOG_LEVEL: 'debug' } });
});

afterAll(async () => {
  await stack?.close();
});

describe('W&B keys in the secrets registry', () => {
  it('are not kept after the request, whether it was refused, rejected or created', async () => {
    const files = await trainingFiles(stack);
    for (let i = 0; i < 6; i++) {
      const user = i % 2 === 0 ? OPERATOR : 'U0000NOTOP';
      // A non-operator cannot open the form; their submission of an open one is refused.
      const view = await openForm(stack, { user: OPERATOR });
      const input = validInput(files, 'C0000CHAN', { wandbProject: 'p', wandbKey: key(i) });
      // Half of the operator's submissions fail validation (steps 0), half create a job.
      const res = await submit(stack, view, i % 4 === 0 ? { ...input, trainingSteps: '0' } : input, user);
      expect(res.status).toBe(200);
    }
    // Once each request is over, its key is no longer one of the values every log line is scrubbed of.
    const kept = (i: number) => stack.app.deps.secrets.scrub(key(i)) !== key(i);
    await stack.standin.waitFor(() => ([0, 1, 2, 3, 4, 5].some(kept) ? undefined : true), 10_000);
    expect([0, 1, 2, 3, 4, 5].filter(kept)).toEqual([]);
    for (let i = 0; i < 6; i++) expect(stack.logs.join('\n')).not.toContain(key(i));
  });

  it('cannot be grown without bound by values added for good', () => {
    const s = stack.app.deps.secrets;
    for (let i = 0; i < 10_000; i++) s.add(`secret-${String(i).padStart(5, '0')}-x`);
    // Past the bound nothing more is taken; what was registered first (the app's own tokens) stays.
    expect(s.scrub('secret-09999-x')).toBe('secret-09999-x');
    expect(s.scrub('local-signing-secret-0123456789')).toBe('[redacted]');
  });
});
