import type { Mistral } from '@mistralai/mistralai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.js';
import { expectSdkError, type Job, known, raw, sandboxWithClient } from './support.js';

let sandbox: Sandbox;
let client: Mistral;

beforeEach(async () => {
  ({ sandbox, client } = await sandboxWithClient({ speed: 1000 }));
});
afterEach(() => sandbox.close());

const someJobId = async () => known<Job>((await client.fineTuning.jobs.list({})).data?.[0]).id;

describe('fault injection', () => {
  it('retires the jobs API with 410 when gone, while files and models keep working', async () => {
    sandbox.faults.gone = true;
    const err = await expectSdkError(client.fineTuning.jobs.list({}));
    expect(err).toEqual({ status: 410, body: { detail: expect.stringContaining('retired') } });
    const start = await raw(
      sandbox,
      'POST',
      '/v1/fine_tuning/jobs/00000000-0000-4000-8000-000000000000/start',
    );
    expect(start.status).toBe(410);
    await expect(client.models.list()).resolves.toMatchObject({ object: 'list' });
    await expect(client.files.list({})).resolves.toMatchObject({ object: 'list' });
  });

  it('answers 429 with Retry-After for `remaining` requests, then clears itself', async () => {
    sandbox.faults.rateLimit = { retryAfterSeconds: 7, remaining: 2 };
    for (let i = 0; i < 2; i++) {
      const res = await raw(sandbox, 'GET', '/v1/fine_tuning/jobs');
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('7');
      expect(res.json).toMatchObject({ object: 'error', type: 'rate_limit_error' });
    }
    expect((await raw(sandbox, 'GET', '/v1/fine_tuning/jobs')).status).toBe(200);
    expect(sandbox.faults.rateLimit).toBeNull();
  });

  it('lets the SDK retry through a 429 when the app enables retries', async () => {
    sandbox.faults.rateLimit = { retryAfterSeconds: 0, remaining: 1 };
    const res = await client.fineTuning.jobs.list(
      {},
      {
        retries: {
          strategy: 'backoff',
          backoff: { initialInterval: 1, maxInterval: 5, exponent: 1, maxElapsedTime: 2000 },
          retryConnectionErrors: false,
        },
      },
    );
    expect(res.total).toBeGreaterThan(0);
    expect(sandbox.stats()['GET /v1/fine_tuning/jobs']).toBe(2);
  });

  it('fails about errorRate of the requests with 503, reproducibly', async () => {
    const run = async () => {
      const sb = await sandboxWithClient({ seed: false });
      sb.sandbox.faults.errorRate = 0.5;
      const codes: number[] = [];
      for (let i = 0; i < 40; i++) codes.push((await raw(sb.sandbox, 'GET', '/v1/models')).status);
      await sb.sandbox.close();
      return codes;
    };
    const first = await run();
    expect(new Set(first)).toEqual(new Set([200, 503]));
    expect(await run()).toEqual(first);
  });

  it('fails get, start and cancel of the listed jobs only', async () => {
    const [a, b] = ((await client.fineTuning.jobs.list({})).data ?? []).map((j) => known<Job>(j).id);
    sandbox.faults.failingJobs = [a ?? ''];
    for (const call of [
      client.fineTuning.jobs.get({ jobId: a ?? '' }),
      client.fineTuning.jobs.start({ jobId: a ?? '' }),
      client.fineTuning.jobs.cancel({ jobId: a ?? '' }),
    ]) {
      expect((await expectSdkError(call)).status).toBe(503);
    }
    expect(known<Job>(await client.fineTuning.jobs.get({ jobId: b ?? '' })).id).toBe(b);
  });

  it('delays /v1 answers by latencyMs, but not the control routes', async () => {
    sandbox.faults.latencyMs = 300;
    let apiDone = false;
    const api = client.models.list().then(() => {
      apiDone = true;
    });
    // Ordering, not a timing threshold: the undelayed control call overtakes the delayed one.
    expect((await raw(sandbox, 'GET', '/_sandbox/stats')).status).toBe(200);
    expect(apiDone).toBe(false);
    await api;
    expect(apiDone).toBe(true);
  });

  it('makes a removed job answer 404, from the API and over HTTP', async () => {
    const id = await someJobId();
    sandbox.removeJob(id);
    expect((await expectSdkError(client.fineTuning.jobs.get({ jobId: id }))).status).toBe(404);
    const other = await someJobId();
    expect((await raw(sandbox, 'DELETE', `/_sandbox/jobs/${other}`)).status).toBe(200);
    expect((await raw(sandbox, 'GET', `/v1/fine_tuning/jobs/${other}`)).status).toBe(404);
    expect((await raw(sandbox, 'DELETE', `/_sandbox/jobs/${other}`)).status).toBe(404);
  });
});

describe('control over HTTP and stats', () => {
  it('applies a fault partial posted to /_sandbox/faults and rejects nonsense', async () => {
    const ok = await raw(sandbox, 'POST', '/_sandbox/faults', { gone: true, rateLimit: null });
    expect(ok.status).toBe(200);
    expect(sandbox.faults.gone).toBe(true);
    const bad = await raw(sandbox, 'POST', '/_sandbox/faults', { errorRate: 7, nope: 1 });
    expect(bad.status).toBe(422);
    expect(sandbox.faults.errorRate).toBe(0);
  });

  it('counts requests by route, with a total, and resets', async () => {
    const id = await someJobId();
    await client.fineTuning.jobs.get({ jobId: id });
    await client.fineTuning.jobs.get({ jobId: id });
    expect(sandbox.stats()).toMatchObject({
      'GET /v1/fine_tuning/jobs': 1,
      'GET /v1/fine_tuning/jobs/{id}': 2,
      total: 3,
    });
    const overHttp = await raw(sandbox, 'GET', '/_sandbox/stats');
    expect(overHttp.json).toMatchObject({ total: 3 });
    await raw(sandbox, 'POST', '/_sandbox/stats/reset');
    expect(sandbox.stats()).toEqual({ total: 0 });
  });
});

describe('authentication', () => {
  it('answers 401 without the configured bearer key, and works with it', async () => {
    const secured = await sandboxWithClient({ apiKey: 'secret' });
    try {
      expect((await raw(secured.sandbox, 'GET', '/v1/models')).status).toBe(401);
      expect((await raw(secured.sandbox, 'GET', '/_sandbox/stats')).status).toBe(401);
      await expect(secured.client.models.list()).resolves.toMatchObject({ object: 'list' });
    } finally {
      await secured.sandbox.close();
    }
  });
});

describe('robustness', () => {
  it('survives bad input: unknown routes, wrong methods, bad JSON, huge bodies, odd queries', async () => {
    expect(await raw(sandbox, 'GET', '/v1/nope')).toMatchObject({
      status: 404,
      json: { detail: 'Not Found' },
    });
    expect((await raw(sandbox, 'DELETE', '/v1/fine_tuning/jobs')).status).toBe(405);
    expect((await raw(sandbox, 'POST', '/v1/fine_tuning/jobs', '[1,2')).status).toBe(422);
    expect((await raw(sandbox, 'POST', '/v1/fine_tuning/jobs', 'null')).status).toBe(422);
    expect(
      (
        await raw(sandbox, 'POST', '/v1/fine_tuning/jobs', {
          model: 1,
          hyperparameters: 'x',
          training_files: 'y',
        })
      ).status,
    ).toBe(422);
    expect((await raw(sandbox, 'GET', '/v1/fine_tuning/jobs?page=-1&page_size=abc&status=NOPE')).status).toBe(
      422,
    );
    expect((await raw(sandbox, 'GET', '/v1/fine_tuning/jobs?created_after=yesterday')).status).toBe(422);
    expect((await raw(sandbox, 'GET', '/v1/fine_tuning/jobs/%E0%A4%A')).status).toBeLessThan(500);
    const huge = await raw(sandbox, 'POST', '/v1/fine_tuning/jobs', 'x'.repeat(11 * 1024 * 1024));
    expect(huge.status).toBe(413);
    expect((await raw(sandbox, 'POST', '/v1/files', 'not multipart')).status).toBe(422);
    const form = await raw(sandbox, 'POST', '/v1/files', '--x\r\nbroken', {
      'content-type': 'multipart/form-data; boundary=x',
    });
    expect(form.status).toBe(422);
    // Still serving.
    expect((await client.fineTuning.jobs.list({})).total).toBeGreaterThan(0);
  });

  it('answers every response as application/json', async () => {
    for (const path of ['/v1/models', '/v1/nope', '/v1/fine_tuning/jobs/bad']) {
      const res = await fetch(`${sandbox.url}${path}`);
      expect(res.headers.get('content-type')).toBe('application/json');
    }
  });

  it('serves thousands of synthetic jobs for benchmarks, the active ones RUNNING', async () => {
    const ids = sandbox.addSyntheticJobs({ count: 2000, active: 50 });
    expect(ids).toHaveLength(2000);
    const running = await client.fineTuning.jobs.list({ status: 'RUNNING', pageSize: 1000 });
    expect(running.total).toBeGreaterThanOrEqual(50);
    const synthetic = new Set(ids.slice(0, 50));
    expect((running.data ?? []).filter((j) => synthetic.has(known<Job>(j).id))).toHaveLength(50);
    const page = await client.fineTuning.jobs.list({ page: 3, pageSize: 100 });
    expect(page.data).toHaveLength(100);
  });
});
