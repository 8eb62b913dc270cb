import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_SIGNING_SECRET, type LocalStack, startLocalStack } from '../../devtools/local-stack.js';
import { signSlackRequest } from '../../devtools/slack-driver.js';
import { ACTION } from '../../src/views/ids.js';

/**
 * The HTTP edge, end to end (issue #7 §4.2 and §4.3): requests signed with a timestamp too far from
 * local time are refused, and every interaction nothing handles is acknowledged at once, quietly.
 */
let stack: LocalStack;
const FIVE_MINUTES = 5 * 60;

type LogLine = { level: number; msg?: string; [k: string]: unknown };
const parsedLogs = (from = 0): LogLine[] => stack.logs.slice(from).map((l) => JSON.parse(l) as LogLine);
const errorsSince = (from: number) => parsedLogs(from).filter((l) => l.level >= 50);

/** A signed `/finetune help` whose signature carries `ts`. */
async function helpAt(ts: number) {
  const responseUrl = stack.standin.newResponseUrl({ channel: 'C0000CHAN', user: 'U0000USER' });
  const body = new URLSearchParams({
    team_id: stack.standin.teamId,
    channel_id: 'C0000CHAN',
    user_id: 'U0000USER',
    command: '/finetune',
    text: 'help',
    api_app_id: 'A0000APP',
    response_url: responseUrl,
    trigger_id: stack.standin.issueTriggerId({ user: 'U0000USER' }),
  }).toString();
  const res = await stack.driver.postForm(body, { ...signSlackRequest(LOCAL_SIGNING_SECRET, body, ts) });
  return { ...res, responseUrl };
}

beforeAll(async () => {
  stack = await startLocalStack({ env: { LOG_LEVEL: 'debug' } });
});

afterAll(async () => {
  await stack?.close();
});

describe('request timestamps', () => {
  const now = () => Math.floor(Date.now() / 1000);

  it('refuses a correctly signed request from an hour in the future with 401, and does nothing', async () => {
    const res = await helpAt(now() + 3600);
    expect(res.status).toBe(401);
    // A request that is refused is not processed: the help arrives for the fresh one below, not this.
    const fresh = await helpAt(now());
    expect(fresh.status).toBe(200);
    await stack.driver.waitForResponse(fresh.responseUrl);
    expect(stack.driver.responsesFor(res.responseUrl)).toEqual([]);
  });

  it('refuses one just over five minutes ahead or behind, and accepts one just inside', async () => {
    expect((await helpAt(now() + FIVE_MINUTES + 30)).status).toBe(401);
    expect((await helpAt(now() - FIVE_MINUTES - 30)).status).toBe(401);
    const inside = await helpAt(now() + FIVE_MINUTES - 30);
    expect(inside.status).toBe(200);
    await stack.driver.waitForResponse(inside.responseUrl);
  });

  it('still refuses a bad signature with a current timestamp', async () => {
    const body = 'command=%2Ffinetune&text=help';
    const res = await stack.driver.postForm(body, { ...signSlackRequest('wrong-secret-0123456789', body) });
    expect(res.status).toBe(401);
  });
});

describe('interactions nothing handles', () => {
  const view = {
    id: 'V0UNKNOWN1',
    type: 'modal',
    callback_id: 'no_such_view',
    state: { values: {} },
    private_metadata: '',
    hash: 'h',
  };
  const cases: [string, Record<string, unknown>][] = [
    [
      'an unknown action_id',
      {
        type: 'block_actions',
        actions: [{ type: 'button', action_id: 'no_such_button', block_id: 'b', value: 'x' }],
        container: { type: 'message', message_ts: '1.2', channel_id: 'C0000CHAN' },
        channel: { id: 'C0000CHAN' },
      },
    ],
    [
      'block_actions with no actions',
      { type: 'block_actions', actions: [], container: { type: 'message', channel_id: 'C0000CHAN' } },
    ],
    ['an unknown callback_id', { type: 'view_submission', view, trigger_id: 't' }],
    ['view_closed', { type: 'view_closed', view, is_cleared: false }],
    [
      'block_suggestion',
      { type: 'block_suggestion', action_id: 'model_select', block_id: 'model_block', value: 'mis', view },
    ],
    ['a global shortcut', { type: 'shortcut', callback_id: 'no_such_shortcut', trigger_id: 't' }],
    [
      'a message shortcut',
      {
        type: 'message_action',
        callback_id: 'no_such_shortcut',
        trigger_id: 't',
        channel: { id: 'C0000CHAN' },
        message: { type: 'message', ts: '1.2', text: 'hi' },
      },
    ],
  ];

  for (const [name, payload] of cases) {
    it(`acknowledges ${name} with an empty 200 and logs it at debug, not as an error`, async () => {
      const from = stack.logs.length;
      const res = await stack.driver.interaction(payload);
      expect(res.status).toBe(200);
      expect(res.body).toBe('');
      expect(errorsSince(from)).toEqual([]);
      expect(parsedLogs(from).some((l) => l.level === 20 && /not handled/.test(l.msg ?? ''))).toBe(true);
    });
  }

  it('does not ack twice: a handled button still answers, with no error or warning logged', async () => {
    const from = stack.logs.length;
    const job = (await stack.app.deps.backend.listJobs({ pageSize: 1 })).jobs[0]!;
    const res = await stack.driver.blockAction({ actionId: ACTION.jobRefresh, value: job.id });
    expect(res.status).toBe(200);
    const answer = await stack.driver.waitForResponse(res.responseUrl!);
    expect(String(answer.text)).toContain(job.id.slice(0, 8));
    expect(parsedLogs(from).filter((l) => l.level >= 40)).toEqual([]);
    expect(parsedLogs(from).some((l) => /not handled/.test(l.msg ?? ''))).toBe(false);
  });

  it('does not ack a handled slash command twice either', async () => {
    const from = stack.logs.length;
    const res = await stack.driver.command('help');
    expect(res.status).toBe(200);
    await stack.driver.waitForResponse(res.responseUrl);
    expect(parsedLogs(from).filter((l) => l.level >= 40)).toEqual([]);
  });
});
