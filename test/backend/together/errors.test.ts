import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FineTuningBackend } from '../../../src/backend/backend.js';
import { BackendError } from '../../../src/backend/errors.js';
import { createTogetherBackend } from '../../../src/backend/together/index.js';
import { defaultFaults } from '../../../src/sandbox/faults.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { API_KEY, jsonAnswer, rejection, request, stubServer, togetherSandbox } from './support.js';

const JOB = { id: 'ft-1', status: 'running', model: 'm', created_at: '2026-11-01T12:00:00Z' };

describe('Together adapter: failures become BackendErrors a user can be told about', () => {
  let sandbox: Sandbox;
  let tg: FineTuningBackend;
  let jobId: string;

  beforeAll(async () => {
    // The default retry policy (one retry), as the app runs it.
    ({ sandbox, tg } = await togetherSandbox({}, { maxRetries: undefined }));
    jobId = (await tg.listJobs({ pageSize: 1 })).jobs[0]?.id ?? '';
  });
  afterEach(() => Object.assign(sandbox.faults, defaultFaults()));
  afterAll(() => sandbox.close());

  it('a wrong API key is unauthorized, and the key is in no message', async () => {
    const wrong = createTogetherBackend({
      apiKey: 'wrong-key-9876',
      baseURL: `${sandbox.url}/v1`,
      label: 'T',
    });
    const e = await rejection(wrong.listJobs());
    expect(e).toMatchObject({ kind: 'unauthorized', status: 401 });
    expect(JSON.stringify({ m: (e as Error).message, d: (e as BackendError).detail })).not.toContain(
      'wrong-key-9876',
    );
  });

  it('an unknown job is not_found', async () => {
    expect(await rejection(tg.getJob('ft-00000000-0000-4000-8000-000000000000'))).toMatchObject({
      kind: 'not_found',
      status: 404,
    });
  });

  it('429 with a long Retry-After is rate_limited at once, with the wait, not retried inside the SDK', async () => {
    sandbox.faults.rateLimit = { retryAfterSeconds: 7 };
    sandbox.resetStats();
    const e = await rejection(tg.listJobs());
    expect(e).toMatchObject({ kind: 'rate_limited', status: 429, retryAfterSeconds: 7 });
    expect(sandbox.stats().total).toBe(1);
  });

  it('503 is retried once, then unavailable', async () => {
    sandbox.faults.errorRate = 1;
    sandbox.resetStats();
    expect(await rejection(tg.listFiles())).toMatchObject({ kind: 'unavailable', status: 503 });
    expect(sandbox.stats().total).toBe(2);
  });

  it('a 503 that clears on the retry is never seen by the user', async () => {
    sandbox.faults.rateLimit = { retryAfterSeconds: 0, remaining: 1 };
    expect((await tg.listModels()).length).toBe(2);
  });

  it('410 on the fine-tuning routes is retired; files still answer', async () => {
    sandbox.faults.gone = true;
    expect(await rejection(tg.getJob(jobId))).toMatchObject({ kind: 'retired', status: 410 });
    expect((await tg.listFiles()).length).toBeGreaterThan(0);
  });

  it('a failing job is unavailable while the others answer', async () => {
    sandbox.faults.failingJobs = [jobId];
    expect(await rejection(tg.getJob(jobId))).toMatchObject({ kind: 'unavailable' });
    const other = (await tg.listJobs()).jobs.find((j) => j.id !== jobId);
    expect((await tg.getJob(other?.id ?? '')).id).toBe(other?.id);
  });

  it('a job slower than the timeout is unavailable', async () => {
    const quick = createTogetherBackend({
      apiKey: API_KEY,
      baseURL: `${sandbox.url}/v1`,
      label: 'T',
      timeoutMs: 200,
      maxRetries: 0,
    });
    sandbox.faults.slowJobs = { ids: [jobId], latencyMs: 1500 };
    const e = await rejection(quick.getJob(jobId));
    expect(e).toMatchObject({ kind: 'unavailable', message: expect.stringContaining('timed out') });
  });

  it('nothing listening is unavailable', async () => {
    const stub = await stubServer(jsonAnswer(200, {}));
    await stub.close();
    const dead = createTogetherBackend({ apiKey: API_KEY, baseURL: stub.url, label: 'T', maxRetries: 0 });
    expect(await rejection(dead.listJobs())).toMatchObject({ kind: 'unavailable' });
  });
});

describe('Together adapter: answers the sandbox never gives', () => {
  async function against(answer: Parameters<typeof stubServer>[0]) {
    const stub = await stubServer(answer);
    const tg = createTogetherBackend({ apiKey: API_KEY, baseURL: stub.url, label: 'T', maxRetries: 0 });
    return { tg, close: stub.close };
  }

  it.each([
    ['compressing', 'RUNNING'],
    ['uploading', 'RUNNING'],
    ['pending', 'QUEUED'],
    ['cancel_requested', 'CANCELLATION_REQUESTED'],
    ['error', 'FAILED'],
    ['completed', 'SUCCESS'],
    ['paused_for_maintenance', 'paused_for_maintenance'],
  ])('shows status %s as %s', async (wire, shown) => {
    const { tg, close } = await against(jsonAnswer(200, { data: [{ ...JOB, status: wire }] }));
    try {
      expect((await tg.listJobs()).jobs[0]?.status).toBe(shown);
    } finally {
      await close();
    }
  });

  it.each([
    ['a job without an id', { data: [{ ...JOB, id: undefined }] }],
    ['a date that is not one', { data: [{ ...JOB, created_at: 'yesterday' }] }],
    ['a list that is not a list', { data: 'nope' }],
    ['a body that is not JSON', '{"data": ['],
  ])('%s is bad_response', async (_name, body) => {
    const { tg, close } = await against(jsonAnswer(200, body));
    try {
      const e = await rejection(tg.listJobs());
      expect(e).toBeInstanceOf(BackendError);
      expect(e).toMatchObject({ kind: 'bad_response' });
    } finally {
      await close();
    }
  });

  it('a W&B key echoed back in an error never reaches the message or the detail', async () => {
    const { tg, close } = await against(
      jsonAnswer(400, {
        error: {
          message: 'wandb_api_key wandb-secret-xyz is invalid',
          type: 'invalid_request_error',
          param: 'wandb_api_key',
        },
      }),
    );
    try {
      const e = (await rejection(
        tg.createJob(
          request('file-1', { integrations: [{ type: 'wandb', project: 'p', api_key: 'wandb-secret-xyz' }] }),
        ),
      )) as BackendError;
      expect(e.kind).toBe('invalid_request');
      expect(e.fieldProblems).toEqual([
        { loc: ['integrations', 'api_key'], msg: expect.stringContaining('[redacted]') },
      ]);
      expect(JSON.stringify({ m: e.message, d: e.detail, f: e.fieldProblems })).not.toContain(
        'wandb-secret-xyz',
      );
    } finally {
      await close();
    }
  });

  it('409 is conflict, 403 unauthorized, 500 unavailable', async () => {
    for (const [status, kind] of [
      [409, 'conflict'],
      [403, 'unauthorized'],
      [500, 'unavailable'],
    ] as const) {
      const { tg, close } = await against(jsonAnswer(status, { error: { message: 'x', type: 't' } }));
      try {
        expect(await rejection(tg.listJobs())).toMatchObject({ kind, status });
      } finally {
        await close();
      }
    }
  });
});
