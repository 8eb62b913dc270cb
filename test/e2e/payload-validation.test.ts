import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type LocalStack, startLocalStack } from '../../devtools/local-stack.js';
import { MALFORMED_ACTION_SENTENCE, MALFORMED_VIEW_SENTENCE } from '../../src/slack/payload-schemas.js';
import { ACTION, VIEW } from '../../src/views/ids.js';

/**
 * Issue #7 §4.5: button values and view submissions are checked at the edge. A bad one is answered
 * as bad input (not blamed on the backend) and makes no backend request.
 */
let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack();
});

afterAll(async () => {
  await stack?.close();
});

function backendSpies() {
  const b = stack.app.deps.backend;
  return [vi.spyOn(b, 'getJob'), vi.spyOn(b, 'listJobs'), vi.spyOn(b, 'startJob'), vi.spyOn(b, 'cancelJob')];
}

describe('malformed button values', () => {
  const cases: [string, string, unknown][] = [
    ['an empty Refresh value', ACTION.jobRefresh, ''],
    ['a prefix as Details value', ACTION.jobDetails, 'abcdef'],
    ['a number as Share value', ACTION.jobShare, 42],
    ['an object as Start value', ACTION.jobStart, { id: 'x' }],
    ['a mention as Watch value', ACTION.jobWatch, '<!here>'],
    ['a paging value with an unknown status', ACTION.listNext, '{"page":2,"status":"NOPE"}'],
    ['a paging value with a huge page', ACTION.listPrev, '{"page":1e300}'],
    ['a paging value that is not JSON', ACTION.listNext, '{page'],
  ];
  for (const [name, actionId, value] of cases) {
    it(`answers ${name} as a malformed request and calls no backend`, async () => {
      const spies = backendSpies();
      const res = await stack.driver.interaction({
        type: 'block_actions',
        actions: [{ type: 'button', action_id: actionId, block_id: 'b', value, action_ts: '1.0' }],
        container: { type: 'message', message_ts: '1.2', channel_id: 'C0000CHAN', is_ephemeral: true },
        channel: { id: 'C0000CHAN' },
        response_url: stack.standin.newResponseUrl({ channel: 'C0000CHAN', user: 'U0000USER' }),
        trigger_id: stack.standin.issueTriggerId({ user: 'U0000USER' }),
      });
      expect(res.status).toBe(200);
      const answer = await stack.standin.waitFor((s) => s.responses.at(-1)?.body);
      expect(answer.text).toBe(MALFORMED_ACTION_SENTENCE);
      expect(JSON.stringify(answer)).not.toMatch(/could not read|Something went wrong/);
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
      for (const spy of spies) spy.mockRestore();
    });
  }
});

describe('malformed view submissions', () => {
  const base = { id: 'V0BAD00001', type: 'modal', callback_id: VIEW.createJob, hash: 'h' };
  for (const [name, view] of [
    ['without view.state', base],
    ['with state.values not an object', { ...base, state: { values: 'x' } }],
    ['of the estimate without state', { ...base, callback_id: VIEW.createEstimate }],
  ] as const) {
    it(`answers a submission ${name} with a sentence in the modal, not an error`, async () => {
      const from = stack.logs.length;
      const res = await stack.driver.interaction({ type: 'view_submission', view, trigger_id: 't' });
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.body)).toContain(MALFORMED_VIEW_SENTENCE.slice(0, 40));
      expect(stack.logs.slice(from).filter((l) => JSON.parse(l).level >= 50)).toEqual([]);
    });
  }

  it('answers "view": null with 200, not 500', async () => {
    const res = await stack.driver.interaction({ type: 'view_submission', view: null, trigger_id: 't' });
    expect(res.status).toBe(200);
  });
});
