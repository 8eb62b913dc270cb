import { PHASE_MS } from '../../src/sandbox/lifecycle.js';
import type { PollRig } from './poll-rig.js';

let made = 0;

/**
 * `count` jobs created with auto_start false, so each stops at VALIDATED and waits for a manual
 * start: live, non-terminal and idle (no change between passes). Moves the rig's clock past
 * validation.
 */
export async function createIdleJobs(rig: PollRig, count: number, speed = 20): Promise<string[]> {
  const { backend } = rig.deps;
  const file = (await backend.listFiles()).find((f) => f.filename === 'support-chat-train.jsonl');
  if (!file) throw new Error('the sandbox has no training file');
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const job = await backend.createJob({
      model: 'open-mistral-7b',
      training_files: [{ file_id: file.id }],
      hyperparameters: { training_steps: 10, learning_rate: 0.0001 },
      auto_start: false,
      // The sandbox refuses a job like one still live (409); a fresh suffix makes each one distinct.
      suffix: `idle${++made}`,
    });
    ids.push(job.id);
  }
  rig.advance((PHASE_MS.queued + PHASE_MS.validating) / speed + 1);
  for (const id of ids) {
    const { status } = await backend.getJob(id);
    if (status !== 'VALIDATED') throw new Error(`job ${id} is ${status}, not VALIDATED`);
  }
  return ids;
}
