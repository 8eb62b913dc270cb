import { afterEach, describe, expect, it } from 'vitest';
import { BackendError } from '../../../src/backend/errors.js';
import { createOpenAIBackend } from '../../../src/backend/openai/openai-backend.js';
import { azurePathProxy, caught, KEY, openaiSandbox, stubServer } from './support.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function sandboxed(...args: Parameters<typeof openaiSandbox>) {
  const s = await openaiSandbox(...args);
  closers.push(() => s.sandbox.close());
  return s;
}

async function kindOf(p: Promise<unknown>): Promise<BackendError> {
  const e = await caught(p);
  expect(e).toBeInstanceOf(BackendError);
  return e as BackendError;
}

/** A server answering every request with one fixed JSON body: for answers the sandbox never gives. */
async function stubbed(status: number, body: string, label = 'Stub') {
  const stub = await stubServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  });
  closers.push(stub.close);
  return createOpenAIBackend({ apiKey: KEY, baseURL: `${stub.url}/v1`, label, maxRetries: 0 });
}

const JOB = {
  object: 'fine_tuning.job',
  id: 'ftjob-abc123def456',
  model: 'gpt-4o-mini-2024-07-18',
  created_at: 1_700_000_000,
  finished_at: null,
  fine_tuned_model: null,
  organization_id: 'org-x',
  result_files: [],
  status: 'paused',
  validation_file: null,
  training_file: 'file-abc123def456',
  hyperparameters: { n_epochs: 'auto' },
  trained_tokens: null,
  error: null,
  seed: 1,
};

describe('the OpenAI adapter: failures a user sees', () => {
  it('a wrong key is unauthorized, and the key is in no message', async () => {
    const { sandbox } = await sandboxed();
    const wrong = 'sk-wrong-secret-key-abcdef';
    const backend = createOpenAIBackend({
      apiKey: wrong,
      baseURL: `${sandbox.url}/v1`,
      label: 'x',
      maxRetries: 0,
    });
    const e = await kindOf(backend.listJobs());
    expect(e.kind).toBe('unauthorized');
    expect(e.status).toBe(401);
    expect(`${e.message} ${e.detail ?? ''}`).not.toContain(wrong);
  });

  it('an unknown job is not_found', async () => {
    const { backend } = await sandboxed();
    const e = await kindOf(backend.getJob('ftjob-00000000000000000000000000000000'));
    expect(e.kind).toBe('not_found');
  });

  it('a 429 is rate_limited with the Retry-After seconds', async () => {
    const { sandbox, backend } = await sandboxed();
    sandbox.faults.rateLimit = { retryAfterSeconds: 17 };
    const e = await kindOf(backend.listJobs());
    expect(e.kind).toBe('rate_limited');
    expect(e.retryAfterSeconds).toBe(17);
  });

  it('a passing 429 is absorbed by the bounded retries (the SDK honours Retry-After: 0)', async () => {
    const { sandbox, backend } = await sandboxed({}, { maxRetries: 2 });
    sandbox.faults.rateLimit = { retryAfterSeconds: 0, remaining: 2 };
    const page = await backend.listJobs();
    expect(page.jobs.length).toBeGreaterThan(0);
    expect(sandbox.stats()['GET /v1/fine_tuning/jobs']).toBe(3);
  });

  it('retry-after-ms is read too (Azure and OpenAI send it)', async () => {
    const stub = await stubServer((_req, res) => {
      res
        .writeHead(429, { 'content-type': 'application/json', 'retry-after-ms': '2500' })
        .end('{"error":{"message":"slow down"}}');
    });
    closers.push(stub.close);
    const backend = createOpenAIBackend({
      apiKey: KEY,
      baseURL: `${stub.url}/v1`,
      label: 'x',
      maxRetries: 0,
    });
    const e = await kindOf(backend.listModels());
    expect(e.retryAfterSeconds).toBe(3);
  });

  it('a 503 on one job is unavailable; the other jobs still answer', async () => {
    const { sandbox, backend } = await sandboxed();
    const [a, b] = (await backend.listJobs()).jobs;
    if (!a || !b) throw new Error('seeded jobs missing');
    sandbox.faults.failingJobs = [a.id];
    expect((await kindOf(backend.getJob(a.id))).kind).toBe('unavailable');
    expect((await backend.getJob(b.id)).id).toBe(b.id);
  });

  it('the retired API (410) is retired', async () => {
    const { sandbox, backend } = await sandboxed();
    sandbox.faults.gone = true;
    expect((await kindOf(backend.listJobs())).kind).toBe('retired');
    // Files are not fine-tuning routes: they still answer.
    expect((await backend.listFiles()).length).toBeGreaterThan(0);
  });

  it('a request that hangs past the timeout is unavailable', async () => {
    const { sandbox, backend } = await sandboxed({}, { timeoutMs: 150 });
    const [a] = (await backend.listJobs()).jobs;
    if (!a) throw new Error('seeded jobs missing');
    sandbox.faults.slowJobs = { ids: [a.id], latencyMs: 1000 };
    const e = await kindOf(backend.getJob(a.id));
    expect(e.kind).toBe('unavailable');
    expect(e.message).toBe('timed out');
  });

  it('a malformed job (no id, no status) is bad_response, not a blank card', async () => {
    const backend = await stubbed(200, JSON.stringify({ object: 'fine_tuning.job', model: 'm' }));
    expect(
      (
        await kindOf(
          backend.createJob({
            model: 'm',
            training_files: [{ file_id: 'file-x' }],
            hyperparameters: {},
            auto_start: true,
          }),
        )
      ).kind,
    ).toBe('bad_response');
  });

  it('a list without `data` is bad_response, not "no jobs"', async () => {
    const backend = await stubbed(200, JSON.stringify({ object: 'list', has_more: false }));
    expect((await kindOf(backend.listJobs())).kind).toBe('bad_response');
  });

  it('a body that is not JSON is bad_response', async () => {
    const backend = await stubbed(200, '{"object": "list", "data": [');
    expect((await kindOf(backend.listModels())).kind).toBe('bad_response');
  });

  it('an unknown status (paused) is kept verbatim', async () => {
    const stub = await stubServer((req, res) => {
      const list = req.url?.includes('/events') || req.url?.includes('/checkpoints');
      const body =
        req.url?.startsWith('/v1/fine_tuning/jobs?') || list
          ? { object: 'list', data: list ? [] : [JOB], has_more: false }
          : JOB;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    closers.push(stub.close);
    const backend = createOpenAIBackend({
      apiKey: KEY,
      baseURL: `${stub.url}/v1`,
      label: 'x',
      maxRetries: 0,
    });
    expect((await backend.listJobs()).jobs[0]?.status).toBe('paused');
    const d = await backend.getJob(JOB.id);
    expect(d.status).toBe('paused');
    expect(d.hyperparameters.epochs).toBeNull();
  });

  it("Azure's error body puts the problem on the field its param names", async () => {
    const backend = await stubbed(
      400,
      JSON.stringify({
        error: {
          code: 'invalidPayload',
          message: 'n_epochs must be at most 50',
          param: 'method.supervised.hyperparameters.n_epochs',
          type: 'error',
          inner_error: { code: 'x' },
        },
      }),
    );
    const e = await kindOf(backend.listJobs());
    expect(e.kind).toBe('invalid_request');
    expect(e.fieldProblems).toEqual([
      { loc: ['hyperparameters', 'epochs'], msg: 'n_epochs must be at most 50' },
    ]);
  });

  it('works through an Azure-style base URL (/openai/v1/)', async () => {
    const { sandbox } = await sandboxed();
    const proxy = await azurePathProxy(sandbox);
    closers.push(proxy.close);
    const backend = createOpenAIBackend({
      apiKey: KEY,
      baseURL: `${proxy.url}/openai/v1/`,
      label: 'Azure',
      maxRetries: 0,
    });
    const jobs = (await backend.listJobs()).jobs;
    expect(jobs.length).toBeGreaterThan(0);
    const d = await backend.getJob(jobs[0]?.id ?? '');
    expect(d.id).toBe(jobs[0]?.id);
    expect((await backend.listFiles()).length).toBeGreaterThan(0);
    expect(proxy.seen.every((u) => u.startsWith('/openai/v1/'))).toBe(true);
  });
});
