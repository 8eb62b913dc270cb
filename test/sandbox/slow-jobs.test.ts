import type { Mistral } from '@mistralai/mistralai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.js';
import { type Job, known, raw, sandboxWithClient } from './support.js';

let sandbox: Sandbox;
let client: Mistral;

beforeEach(async () => {
  ({ sandbox, client } = await sandboxWithClient({ speed: 1000 }));
});
afterEach(() => sandbox.close());

describe('slowJobs fault', () => {
  it('holds the answers about the listed jobs only, so they can outlast a client timeout', async () => {
    const [a, b] = ((await client.fineTuning.jobs.list({})).data ?? []).map((j) => known<Job>(j).id) as [
      string,
      string,
    ];
    sandbox.faults.slowJobs = { ids: [a], latencyMs: 1_000 };
    let slowDone = false;
    const slow = client.fineTuning.jobs.get({ jobId: a }).then((j) => {
      slowDone = true;
      return j;
    });
    // Ordering, not a timing threshold: the other job's answer overtakes the held one.
    expect(known<Job>(await client.fineTuning.jobs.get({ jobId: b })).id).toBe(b);
    expect(slowDone).toBe(false);
    expect(known<Job>(await slow).id).toBe(a);
    // With the SDK's timeout below the delay, the call fails as a timeout.
    await expect(client.fineTuning.jobs.get({ jobId: a }, { timeoutMs: 50 })).rejects.toMatchObject({
      name: 'RequestTimeoutError',
    });
  });

  it('is set and cleared over HTTP, and rejects a malformed value', async () => {
    const ok = await raw(sandbox, 'POST', '/_sandbox/faults', { slowJobs: { ids: ['x'], latencyMs: 10 } });
    expect(ok.status).toBe(200);
    expect(sandbox.faults.slowJobs).toEqual({ ids: ['x'], latencyMs: 10 });
    const bad = await raw(sandbox, 'POST', '/_sandbox/faults', { slowJobs: { ids: 'x', latencyMs: -1 } });
    expect(bad.status).toBe(422);
    expect(sandbox.faults.slowJobs).toEqual({ ids: ['x'], latencyMs: 10 });
    expect((await raw(sandbox, 'POST', '/_sandbox/faults', { slowJobs: null })).status).toBe(200);
    expect(sandbox.faults.slowJobs).toBeNull();
  });
});
