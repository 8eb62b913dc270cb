import { afterEach, expect, it } from 'vitest';
import type { JobDetails } from '../../src/domain/job.js';
import { type PollRig, startPollRig } from '../helpers/poll-rig.js';
import { pollSettled } from '../helpers/poll-settled.js';
import { payloadOf, threadStatuses } from '../helpers/watch-fixtures.js';

let rig: PollRig;
afterEach(async () => {
  await rig?.close();
});

it('a job watched as it is created gets no "QUEUED" reply under a card that already says QUEUED', async () => {
  // Speed 1: QUEUED lasts 5 s, so the watch surely starts while the job is queued.
  rig = await startPollRig({ speed: 1 });
  const file = (await rig.deps.backend.listFiles()).find((f) => f.filename === 'support-chat-train.jsonl');
  if (!file) throw new Error('no sample training file in the sandbox');
  const job = await rig.deps.backend.createJob({
    model: 'open-mistral-7b',
    training_files: [{ file_id: file.id }],
    hyperparameters: { training_steps: 10, learning_rate: 0.0001 },
    auto_start: false,
    suffix: 'fresh',
  });
  // What the create flow has in hand: the create response, which carries no events.
  const created: JobDetails = { ...job, events: [], checkpoints: [] };
  const { cardTs } = await rig.service.watch({ jobId: job.id, channel: 'CNEW', userId: 'U1', job: created });
  if (!cardTs) throw new Error('no card posted');
  rig.advance(20_000); // validated, waiting for a start
  await pollSettled(rig.deps);
  const replies = rig.standin.threadReplies('CNEW', cardTs);
  expect(threadStatuses(replies)).toEqual(['VALIDATING', 'VALIDATED']);
  expect(replies.every((m) => payloadOf(m)?.status !== 'QUEUED')).toBe(true);
});
