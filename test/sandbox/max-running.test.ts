import { afterEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { PHASE_MS } from '../../src/sandbox/lifecycle.js';
import { chatJsonl, manualClock, raw } from './support.js';

/** From creation to training for an auto-start job at speed 1. */
const LEAD_IN = PHASE_MS.queued + PHASE_MS.validating + PHASE_MS.validatedAutoStart + PHASE_MS.started;

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function uploadTraining(s: Sandbox, lines: number): Promise<string> {
  const form = new FormData();
  form.set('file', new Blob([chatJsonl(lines)]), 'train.jsonl');
  form.set('purpose', 'fine-tune');
  const res = await fetch(`${s.url}/v1/files`, { method: 'POST', body: form });
  return ((await res.json()) as { id: string }).id;
}

async function create(s: Sandbox, file: string, epochs: number, suffix: string): Promise<string> {
  const body = {
    model: 'gpt-4o-mini-2024-07-18',
    training_file: file,
    suffix,
    hyperparameters: { n_epochs: epochs },
  };
  return ((await raw(s, 'POST', '/v1/fine_tuning/jobs', body)).json as { id: string }).id;
}

const statusOf = async (s: Sandbox, id: string) =>
  ((await raw(s, 'GET', `/v1/fine_tuning/jobs/${id}`)).json as { status: string }).status;
const statuses = (s: Sandbox, ids: string[]) => Promise.all(ids.map((id) => statusOf(s, id)));

describe('maxRunning: a cap on jobs training at once', () => {
  it('keeps the jobs past the cap queued, unchanged, until a running one ends, then starts the oldest', async () => {
    const clock = manualClock();
    sandbox = await startSandbox({ dialect: 'openai', maxRunning: 2, now: clock.now, seed: false });
    const file = await uploadTraining(sandbox, 40);
    // The first trains briefly; the others for far longer.
    const ids = [await create(sandbox, file, 1, 'short')];
    for (let i = 0; i < 3; i++) ids.push(await create(sandbox, file, 50, `long-${i}`));
    clock.advance(LEAD_IN);
    expect(await statuses(sandbox, ids)).toEqual(['running', 'running', 'queued', 'queued']);
    const waiting = await raw(sandbox, 'GET', `/v1/fine_tuning/jobs/${ids[3]}`);

    // The short job ends: its slot goes to the oldest waiting job, the newest still waits as it was.
    let guard = 0;
    while ((await statusOf(sandbox, ids[0] as string)) !== 'succeeded' && guard++ < 1000)
      clock.advance(PHASE_MS.step);
    clock.advance(PHASE_MS.started);
    expect(await statuses(sandbox, ids)).toEqual(['succeeded', 'running', 'running', 'queued']);
    expect((await raw(sandbox, 'GET', `/v1/fine_tuning/jobs/${ids[3]}`)).json).toEqual(waiting.json);
  });

  it('frees a slot when a running job is cancelled, and never starts a job cancelled while it waits', async () => {
    const clock = manualClock();
    sandbox = await startSandbox({ dialect: 'openai', maxRunning: 1, now: clock.now, seed: false });
    const file = await uploadTraining(sandbox, 40);
    const [a, b, c] = [
      await create(sandbox, file, 50, 'a'),
      await create(sandbox, file, 50, 'b'),
      await create(sandbox, file, 50, 'c'),
    ];
    clock.advance(LEAD_IN);
    expect(await statuses(sandbox, [a, b, c])).toEqual(['running', 'queued', 'queued']);
    expect((await raw(sandbox, 'POST', `/v1/fine_tuning/jobs/${b}/cancel`)).status).toBe(200);
    expect((await raw(sandbox, 'POST', `/v1/fine_tuning/jobs/${a}/cancel`)).status).toBe(200);
    clock.advance(PHASE_MS.cancelling + PHASE_MS.started);
    expect(await statuses(sandbox, [a, b, c])).toEqual(['cancelled', 'cancelled', 'running']);
    const events = (await raw(sandbox, 'GET', `/v1/fine_tuning/jobs/${b}/events?limit=100`)).json as {
      data: Array<{ message: string }>;
    };
    expect(events.data.map((e) => e.message)).not.toContain('Fine-tuning job started');
  });

  it('is off by default, and refuses a cap below one', async () => {
    const clock = manualClock();
    sandbox = await startSandbox({ dialect: 'openai', now: clock.now, seed: false });
    const file = await uploadTraining(sandbox, 40);
    const ids = [await create(sandbox, file, 50, 'x'), await create(sandbox, file, 50, 'y')];
    clock.advance(LEAD_IN);
    expect(await statuses(sandbox, ids)).toEqual(['running', 'running']);
    await expect(startSandbox({ maxRunning: 0 })).rejects.toThrow(/maxRunning/);
  });
});
