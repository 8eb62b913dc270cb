import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/sandbox/index.js';
import { chatJsonl, raw } from '../support.js';

const AUTH = { authorization: 'Bearer k' };

async function upload(sandbox: Sandbox, form: FormData) {
  const res = await fetch(`${sandbox.url}/v1/files`, { method: 'POST', headers: AUTH, body: form });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const form = (name: string, purpose: string, extra: Record<string, string> = {}) => {
  const f = new FormData();
  f.set('file', new Blob([chatJsonl(3)]), name);
  f.set('purpose', purpose);
  for (const [k, v] of Object.entries(extra)) f.set(k, v);
  return f;
};

describe('the sandbox in the OpenAI dialect', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ dialect: 'openai', apiKey: 'k' });
  });
  afterAll(() => sandbox.close());

  it('says it speaks OpenAI and refuses a wrong Bearer key with OpenAI’s error body', async () => {
    expect(sandbox.label).toBe('OpenAI-compatible sandbox');
    const r = await raw(sandbox, 'GET', '/v1/fine_tuning/jobs', undefined, { authorization: 'Bearer nope' });
    expect(r.status).toBe(401);
    expect(r.json).toEqual({
      error: {
        message: expect.any(String),
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_api_key',
      },
    });
  });

  it('takes Azure’s multipart upload with expires_after and answers an expiring file', async () => {
    const r = await upload(
      sandbox,
      form('azure.jsonl', 'fine-tune', {
        'expires_after[anchor]': 'created_at',
        'expires_after[seconds]': '86400',
      }),
    );
    expect(r.status).toBe(200);
    expect(r.json.id).toMatch(/^file-[0-9a-f]{32}$/);
    expect(r.json.expires_at).toBe(Number(r.json.created_at) + 86400);
  });

  it('refuses a bad expiry, a non-JSONL fine-tune file and a purpose it does not store, naming the param', async () => {
    const short = await upload(
      sandbox,
      form('a.jsonl', 'fine-tune', { 'expires_after[anchor]': 'created_at', 'expires_after[seconds]': '60' }),
    );
    expect(short.json).toMatchObject({ error: { param: 'expires_after' } });
    const txt = await upload(sandbox, form('a.txt', 'fine-tune'));
    expect(txt.json).toMatchObject({ error: { param: 'file', code: 'invalid_file_format' } });
    const vision = await upload(sandbox, form('a.jsonl', 'vision'));
    expect(vision.status).toBe(400);
    expect(vision.json).toMatchObject({ error: { param: 'purpose' } });
  });

  it('pages the job list by cursor: after the last id of a page comes the next page, without overlap', async () => {
    const first = (await raw(sandbox, 'GET', '/v1/fine_tuning/jobs?limit=3', undefined, AUTH)).json as {
      data: Array<{ id: string }>;
      has_more: boolean;
    };
    expect(first.data).toHaveLength(3);
    expect(first.has_more).toBe(true);
    const after = first.data[2]?.id;
    const next = (await raw(sandbox, 'GET', `/v1/fine_tuning/jobs?limit=3&after=${after}`, undefined, AUTH))
      .json as {
      data: Array<{ id: string }>;
    };
    expect(next.data.map((j) => j.id)).not.toContain(after);
    const all = (await raw(sandbox, 'GET', '/v1/fine_tuning/jobs?limit=100', undefined, AUTH)).json as {
      data: Array<{ id: string }>;
      has_more: boolean;
    };
    expect(all.has_more).toBe(false);
    expect(all.data.slice(3, 6).map((j) => j.id)).toEqual(next.data.map((j) => j.id));
  });

  it('has no start route (jobs start when created) and answers an unknown route in OpenAI’s shape', async () => {
    const id = (
      (await raw(sandbox, 'GET', '/v1/fine_tuning/jobs?limit=1', undefined, AUTH)).json as {
        data: Array<{ id: string }>;
      }
    ).data[0]?.id;
    const r = await raw(sandbox, 'POST', `/v1/fine_tuning/jobs/${id}/start`, undefined, AUTH);
    expect(r.status).toBe(404);
    expect(r.json).toMatchObject({ error: { type: 'invalid_request_error' } });
  });

  it('the 410 and 429 faults answer in OpenAI’s shape, with Retry-After', async () => {
    sandbox.faults.gone = true;
    const gone = await raw(sandbox, 'GET', '/v1/fine_tuning/jobs', undefined, AUTH);
    sandbox.faults.gone = false;
    expect(gone.status).toBe(410);
    expect(gone.json).toMatchObject({ error: { code: 'gone' } });
    sandbox.faults.rateLimit = { retryAfterSeconds: 5, remaining: 1 };
    const limited = await raw(sandbox, 'GET', '/v1/files', undefined, AUTH);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('5');
    expect(limited.json).toMatchObject({ error: { code: 'rate_limit_exceeded' } });
  });
});
