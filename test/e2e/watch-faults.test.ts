import { afterAll, beforeAll, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../devtools/local-stack.js';
import { renderMessageText } from '../../devtools/render-text.js';
import { ACTION } from '../../src/views/ids.js';
import { pollSettled } from '../helpers/poll-settled.js';
import { eventually, payloadOf } from '../helpers/watch-fixtures.js';

/** Watch faults end to end, with the real cron poller (1 s) against the sandbox and the stand-in. */
let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ env: { POLL_INTERVAL_SECONDS: '1' }, sandboxOptions: { speed: 20 } });
});
afterAll(async () => {
  await stack?.close();
});

const runningJob = () => stack.app.sandbox?.addSyntheticJobs({ count: 1, active: 1 })[0] as string;

it('"Watch here" on a card starts a watch in that channel', async () => {
  const id = runningJob();
  const res = await stack.driver.command(`status ${id}`, { channel: 'C0HERE', user: 'U0CLICK' });
  await stack.driver.waitForResponse(res.responseUrl);
  const click = await stack.driver.blockAction({
    actionId: ACTION.jobWatch,
    value: id,
    channel: 'C0HERE',
    user: 'U0CLICK',
  });
  const answer = await stack.driver.waitForResponse(click.responseUrl as string);
  expect(renderMessageText(answer as never)).toMatch(/Watching job/);
  expect(stack.standin.channelMessages('C0HERE').filter((m) => payloadOf(m)?.kind === 'card')).toHaveLength(
    1,
  );
});

it('an archived channel disables the watch, DMs its owner, and `watching` says why', async () => {
  const id = runningJob();
  const res = await stack.driver.command(`watch ${id}`, { channel: 'C0ARCH', user: 'U0OWNER' });
  await stack.driver.waitForResponse(res.responseUrl);
  for (const method of ['chat.update', 'chat.postMessage']) {
    stack.standin.injectFault({
      method,
      channel: 'C0ARCH',
      error: 'is_archived',
      times: Number.POSITIVE_INFINITY,
    });
  }
  await stack.standin.waitFor((s) => s.dms('U0OWNER')[0], 10_000);
  await eventually(async () => (await stack.app.deps.watches.watching('C0ARCH'))[0]?.state === 'disabled');
  stack.standin.clearFaults();
  const list = await stack.driver.command('watching', { channel: 'C0ARCH', user: 'U0OWNER' });
  const text = renderMessageText((await stack.driver.waitForResponse(list.responseUrl)) as never);
  expect(text).toMatch(/disabled.*archived/);
});

it('two channels watching one job cost one get per pass', async () => {
  const id = runningJob();
  for (const channel of ['C0TWO1', 'C0TWO2']) {
    const res = await stack.driver.command(`watch ${id}`, { channel, user: 'U0TWO' });
    await stack.driver.waitForResponse(res.responseUrl);
  }
  const sandbox = stack.app.sandbox;
  if (!sandbox) throw new Error('the local stack runs the built-in sandbox');
  const key = 'GET /v1/fine_tuning/jobs/{id}';
  // One pass driven directly (the cron may run one alongside): never more gets than distinct jobs.
  sandbox.resetStats();
  const report = await pollSettled(stack.app.pollDeps);
  expect(report.getCalls).toBeLessThanOrEqual(report.jobs);
  expect(sandbox.stats()[key] ?? 0).toBeGreaterThan(0);
  for (const c of ['C0TWO1', 'C0TWO2']) {
    expect(stack.standin.channelMessages(c).filter((m) => payloadOf(m)?.kind === 'card')).toHaveLength(1);
  }
});
