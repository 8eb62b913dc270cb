import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { chatJsonl, raw } from '../support.js';

const KEY = 'dialect-key';
const auth = { authorization: `Bearer ${KEY}` };

describe('the Together dialect of the sandbox', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ dialect: 'together', apiKey: KEY });
  });
  afterAll(() => sandbox.close());

  const get = (path: string) => raw(sandbox, 'GET', path, undefined, auth);

  it('is labelled and seeded with Together models, completion jobs only, none waiting for a start', async () => {
    expect(sandbox.label).toBe('Together sandbox');
    expect(sandbox.dialect).toBe('together');
    const { json } = await get('/v1/fine-tunes');
    const jobs = (json as { data: Array<{ id: string; model: string; status: string }> }).data;
    expect(jobs.length).toBe(7);
    expect(new Set(jobs.map((j) => j.model))).toEqual(
      new Set(['mistralai/Mistral-7B-Instruct-v0.2', 'mistralai/Mixtral-8x7B-Instruct-v0.1']),
    );
    for (const j of jobs) expect(j.id).toMatch(/^ft-[0-9a-f-]{36}$/);
    expect(new Set(jobs.map((j) => j.status))).toEqual(
      new Set(['pending', 'running', 'completed', 'error', 'cancelled']),
    );
  });

  it('answers a wrong key with 401 ErrorData', async () => {
    const r = await raw(sandbox, 'GET', '/v1/fine-tunes', undefined, { authorization: 'Bearer nope' });
    expect(r.status).toBe(401);
    expect(r.json).toMatchObject({
      error: { type: 'authentication_error', message: expect.any(String), param: null, code: null },
    });
  });

  it('answers an unknown route with 404 ErrorData', async () => {
    const r = await get('/v1/fine_tuning/jobs');
    expect(r.status).toBe(404);
    expect(r.json).toMatchObject({ error: { type: 'not_found' } });
  });

  it('takes a multipart upload and trains on it', async () => {
    const form = new FormData();
    form.append('purpose', 'fine-tune');
    form.append('file_name', 'mine.jsonl');
    form.append('file', new Blob([chatJsonl(16)]), 'mine.jsonl');
    const up = await fetch(`${sandbox.url}/v1/files/upload`, { method: 'POST', headers: auth, body: form });
    const file = (await up.json()) as { id: string; filename: string; bytes: number; Processed: boolean };
    expect(up.status).toBe(200);
    expect(file).toMatchObject({ filename: 'mine.jsonl', Processed: true, bytes: chatJsonl(16).byteLength });
    expect(file.id).toMatch(/^file-/);
    const created = await raw(
      sandbox,
      'POST',
      '/v1/fine-tunes',
      { model: 'mistralai/Mistral-7B-Instruct-v0.2', training_file: file.id },
      auth,
    );
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ status: 'pending', training_file: file.id, n_epochs: 1 });
  });

  it('refuses an upload without a file name, naming the field', async () => {
    const form = new FormData();
    form.append('purpose', 'fine-tune');
    form.append('file', new Blob([chatJsonl(2)]), 'x.jsonl');
    const up = await fetch(`${sandbox.url}/v1/files/upload`, { method: 'POST', headers: auth, body: form });
    expect(up.status).toBe(400);
    expect(await up.json()).toMatchObject({ error: { param: 'file_name' } });
  });

  it('applies the faults in Together form: 410 on the fine-tuning routes only, 429 with Retry-After', async () => {
    sandbox.faults.gone = true;
    try {
      const gone = await get('/v1/fine-tunes');
      expect(gone.status).toBe(410);
      expect(gone.json).toMatchObject({ error: { type: 'gone' } });
      expect((await get('/v1/files')).status).toBe(200);
    } finally {
      sandbox.faults.gone = false;
    }
    sandbox.faults.rateLimit = { retryAfterSeconds: 9, remaining: 1 };
    const limited = await get('/v1/files');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('9');
    expect(limited.json).toMatchObject({ error: { type: 'rate_limit_error' } });
    expect((await get('/v1/files')).status).toBe(200);
  });

  it('fails only the listed job, by its ft- id', async () => {
    const jobs = ((await get('/v1/fine-tunes')).json as { data: Array<{ id: string }> }).data;
    const [a, b] = jobs;
    sandbox.faults.failingJobs = [a?.id ?? ''];
    try {
      expect((await get(`/v1/fine-tunes/${a?.id}`)).status).toBe(503);
      expect((await get(`/v1/fine-tunes/${b?.id}`)).status).toBe(200);
    } finally {
      sandbox.faults.failingJobs = [];
    }
  });
});

describe('the Mistral dialect is unchanged by the seed profile', () => {
  it('still seeds a classifier job and one waiting for a start', async () => {
    const sandbox = await startSandbox();
    try {
      const { json } = await raw(sandbox, 'GET', '/v1/fine_tuning/jobs');
      const jobs = (json as { data: Array<{ job_type: string; auto_start: boolean; model: string }> }).data;
      expect(jobs.some((j) => j.job_type === 'classifier')).toBe(true);
      expect(jobs.some((j) => !j.auto_start)).toBe(true);
      expect(jobs.some((j) => j.model === 'open-mistral-7b')).toBe(true);
    } finally {
      await sandbox.close();
    }
  });
});
