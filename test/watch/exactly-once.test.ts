import { afterEach, describe, expect, it } from 'vitest';
import { type PollRig, startPollRig } from '../helpers/poll-rig.js';
import { pollSettled } from '../helpers/poll-settled.js';
import { createFastJob, eventually, payloadOf, threadStatuses } from '../helpers/watch-fixtures.js';

let rig: PollRig;
afterEach(async () => {
  await rig?.close();
});

async function runToEnd(r: PollRig, deps = r.deps) {
  await eventually(async () => {
    await pollSettled(deps);
    return (await r.service.watching('C1')).every((w) => w.state === 'finished');
  }, 20_000);
}

// Speed 10: QUEUED lasts 500 ms, so on a busy machine the watch still begins before VALIDATING.
describe('exactly once across restarts', () => {
  it('adopts a post that reached Slack when the process died before marking it sent', async () => {
    rig = await startPollRig({ speed: 10 });
    const job = await createFastJob(rig.deps.backend);
    const { cardTs } = await rig.service.watch({ jobId: job.id, channel: 'C1', userId: 'U1' });
    await runToEnd(rig);
    const replies = rig.standin.threadReplies('C1', cardTs as string);
    expect(threadStatuses(replies)).toEqual(['VALIDATING', 'VALIDATED', 'STARTED', 'RUNNING', 'SUCCESS']);
    // Crash simulation: every intent back to pending, the watch back to active with none of its
    // replies recorded (as when each post reached Slack but its answer was lost), memory gone.
    for (const m of replies) {
      const key = String(payloadOf(m)?.key);
      const rec = await rig.deps.store.getPost(key);
      if (rec) await rig.deps.store.putPost({ ...rec, state: 'pending', ts: undefined });
    }
    const w = await rig.deps.store.get(job.id, 'C1');
    if (w) await rig.deps.store.put({ ...w, state: 'active', reason: undefined, posted: undefined });
    const posts = rig.standin.callsTo('chat.postMessage').length;
    const fresh = rig.restart();
    await pollSettled(fresh);
    expect(rig.standin.callsTo('chat.postMessage').length).toBe(posts);
    expect(rig.standin.callsTo('conversations.replies').length).toBeGreaterThan(0);
    expect(threadStatuses(rig.standin.threadReplies('C1', cardTs as string))).toHaveLength(5);
    expect((await fresh.store.get(job.id, 'C1'))?.state).toBe('finished');
  });

  it('posts an intent that never reached Slack, once', async () => {
    rig = await startPollRig({ speed: 10 });
    const job = await createFastJob(rig.deps.backend);
    const { cardTs } = await rig.service.watch({ jobId: job.id, channel: 'C1', userId: 'U1' });
    // Slack fails every thread post for a while: intents stay pending and are retried.
    rig.standin.injectFault({ method: 'chat.postMessage', channel: 'C1', error: 'internal_error', times: 3 });
    await runToEnd(rig);
    const statuses = threadStatuses(rig.standin.threadReplies('C1', cardTs as string));
    expect(statuses).toEqual(['VALIDATING', 'VALIDATED', 'STARTED', 'RUNNING', 'SUCCESS']);
  });
});
