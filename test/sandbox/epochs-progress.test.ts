import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FineTuningBackend } from '../../src/backend/backend.js';
import { createMistralBackend } from '../../src/backend/mistral-backend.js';
import { estimateTokens } from '../../src/data/jsonl.js';
import { PHASE_MS } from '../../src/sandbox/lifecycle.js';
import { DEFAULT_TOKENS_PER_STEP } from '../../src/sandbox/metadata.js';
import { BLOCK, buildJobCard } from '../../src/views/index.js';
import { progressOf } from '../../src/views/progress.js';
import { visibleText } from '../helpers/block-kit.js';
import { makeContext } from '../views/fixtures.js';
import { chatJsonl, manualClock, sandboxWithClient } from './support.js';

/**
 * A job created with epochs only (no training_steps), read back through the production backend:
 * the sandbox must size it from the epochs and the data, and the card must show how far it got.
 */
let clock: ReturnType<typeof manualClock>;
let sandboxClose: () => Promise<void>;
let backend: FineTuningBackend;
let upload: (name: string, content: Uint8Array) => Promise<string>;

beforeAll(async () => {
  clock = manualClock();
  const { sandbox, client } = await sandboxWithClient({ speed: 1, now: clock.now });
  sandboxClose = () => sandbox.close();
  backend = createMistralBackend({ serverURL: sandbox.url, apiKey: 'k', label: 'Mistral sandbox' });
  upload = async (fileName, content) =>
    (await client.files.upload({ file: { fileName, content }, purpose: 'fine-tune' })).id;
});
afterAll(async () => {
  await sandboxClose?.();
});

const UNTIL_VALIDATED = PHASE_MS.queued + PHASE_MS.validating;
const UNTIL_RUNNING = UNTIL_VALIDATED + PHASE_MS.validatedAutoStart + PHASE_MS.started;

describe('an epochs-only job on the sandbox', () => {
  it('is sized from epochs × data tokens, and its card shows a bar while it runs', async () => {
    const content = chatJsonl(20_000);
    const fileId = await upload('big.jsonl', content);
    const created = await backend.createJob({
      model: 'open-mistral-7b',
      training_files: [{ file_id: fileId }],
      hyperparameters: { epochs: 2, learning_rate: 0.0001 },
      auto_start: true,
    });
    const expectedSteps = Math.ceil((2 * estimateTokens(content.byteLength)) / DEFAULT_TOKENS_PER_STEP);
    expect(expectedSteps).toBeGreaterThan(4);

    clock.advance(UNTIL_VALIDATED);
    const validated = await backend.getJob(created.id);
    expect(validated.hyperparameters.training_steps ?? null).toBeNull();
    expect(validated.metadata?.train_tokens).toBe(expectedSteps * DEFAULT_TOKENS_PER_STEP);
    expect(validated.metadata?.train_tokens_per_step).toBe(DEFAULT_TOKENS_PER_STEP);

    // Far enough into the run for some checkpoints, not all.
    clock.advance(UNTIL_RUNNING - UNTIL_VALIDATED + Math.ceil(expectedSteps / 2) * PHASE_MS.step);
    const running = await backend.getJob(created.id);
    expect(running.status).toBe('RUNNING');
    const p = progressOf(running);
    expect(p?.total).toBe(expectedSteps);
    expect(p?.step).toBeGreaterThan(0);
    expect(p?.step).toBeLessThan(expectedSteps);
    const card = buildJobCard(makeContext({ sandbox: true }), running);
    const progress = visibleText(card.blocks.filter((b) => b.block_id === BLOCK.jobProgress));
    expect(progress).toMatch(/▓+░+ \d+ %/);
    expect(progress).toContain(`step ${p?.step} of ${expectedSteps}`);
    expect(card.text).toMatch(/RUNNING \d+ %$/);

    clock.advance(expectedSteps * PHASE_MS.step);
    const done = await backend.getJob(created.id);
    expect(done.status).toBe('SUCCESS');
    expect(visibleText(buildJobCard(makeContext({ sandbox: true }), done))).toContain(
      `step ${expectedSteps} of ${expectedSteps}`,
    );
  });

  it('takes at least one step even on a tiny file, and says so in the metadata', async () => {
    const fileId = await upload('tiny.jsonl', chatJsonl(3));
    const created = await backend.createJob({
      model: 'open-mistral-7b',
      training_files: [{ file_id: fileId }],
      hyperparameters: { epochs: 0.5, learning_rate: 0.0001 },
      auto_start: true,
    });
    clock.advance(UNTIL_VALIDATED);
    const job = await backend.getJob(created.id);
    expect(job.metadata?.train_tokens).toBe(DEFAULT_TOKENS_PER_STEP);
    expect(job.metadata?.train_tokens_per_step).toBe(DEFAULT_TOKENS_PER_STEP);
  });
});
