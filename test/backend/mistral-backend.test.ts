import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FineTuningBackend } from '../../src/backend/backend.js';
import { BackendError } from '../../src/backend/errors.js';
import { createMistralBackend } from '../../src/backend/mistral-backend.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { HAS_SHARED, SHARED_SKIP_REASON, sharedPath } from '../helpers/shared.js';

/** The production client against real HTTP: the sandbox for the contract, a hand-rolled server for bad answers. */
let sandbox: Sandbox;
let backend: FineTuningBackend;

beforeAll(async () => {
  sandbox = await startSandbox({ speed: 1 });
  backend = createMistralBackend({ serverURL: sandbox.url, apiKey: 'k', label: 'Mistral sandbox' });
});
afterAll(async () => {
  await sandbox?.close();
});

async function catchError(p: Promise<unknown>): Promise<BackendError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof BackendError) return e;
    throw new Error(`expected a BackendError, got ${String(e)}`);
  }
  throw new Error('expected the call to fail');
}

describe('Mistral backend over the sandbox', () => {
  it('lists jobs newest first with paging and converts them to the product job', async () => {
    const page = await backend.listJobs({ pageSize: 3 });
    expect(page.jobs).toHaveLength(3);
    expect(page.total).toBeGreaterThan(3);
    const times = page.jobs.map((j) => j.created_at);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const second = await backend.listJobs({ pageSize: 3, page: 1 });
    expect(second.jobs[0]!.id).not.toBe(page.jobs[0]!.id);
  });

  it('gets details with events and checkpoints sorted oldest first', async () => {
    const running = (await backend.listJobs({ status: 'RUNNING' })).jobs[0]!;
    const job = await backend.getJob(running.id);
    expect(job.checkpoints.length).toBeGreaterThan(0);
    const steps = job.checkpoints.map((c) => c.step_number);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
    expect(job.events.map((e) => e.data?.status)).toContain('RUNNING');
  });

  it('estimates a job with a dry run and creates nothing', async () => {
    const files = await backend.listFiles();
    const train = files.find((f) => f.filename === 'support-chat-train.jsonl')!;
    const before = (await backend.listJobs()).total;
    const estimate = await backend.estimateJob({
      model: 'open-mistral-7b',
      training_files: [{ file_id: train.id }],
      hyperparameters: { training_steps: 10, learning_rate: 0.0001 },
      auto_start: true,
    });
    expect(estimate.cost).toBeGreaterThan(0);
    expect(estimate.cost_currency).toBeTruthy();
    expect(estimate.expected_duration_seconds).toBeGreaterThan(0);
    expect((await backend.listJobs()).total).toBe(before);
  });

  it('lists fine-tune files and fine-tunable models', async () => {
    const files = await backend.listFiles();
    expect(files.every((f) => f.purpose === 'fine-tune')).toBe(true);
    const models = await backend.listModels();
    expect(models.filter((m) => m.fine_tunable).map((m) => m.id)).toContain('open-mistral-7b');
    expect(models.some((m) => m.type === 'base' && !m.fine_tunable)).toBe(true);
  });

  it('maps a 422 with loc and a 409', async () => {
    const files = await backend.listFiles();
    const request = {
      model: 'open-mistral-7b',
      training_files: [{ file_id: files.find((f) => f.filename === 'support-chat-train.jsonl')!.id }],
      hyperparameters: { training_steps: 10 },
      suffix: 'dup-check',
      auto_start: false,
    };
    const bad = await catchError(backend.createJob({ ...request, hyperparameters: { learning_rate: 5 } }));
    expect(bad.kind).toBe('invalid_request');
    expect(bad.fieldProblems[0]?.loc).toContain('learning_rate');
    await backend.createJob(request);
    expect((await catchError(backend.createJob(request))).kind).toBe('conflict');
  });

  it('turns 410, 429 and 5xx into their kinds', async () => {
    sandbox.faults.gone = true;
    expect((await catchError(backend.listJobs())).kind).toBe('retired');
    sandbox.faults.gone = false;
    sandbox.faults.rateLimit = { retryAfterSeconds: 9, remaining: 1 };
    const limited = await catchError(backend.listJobs());
    expect(limited.kind).toBe('rate_limited');
    expect(limited.retryAfterSeconds).toBe(9);
    sandbox.faults.errorRate = 1;
    expect((await catchError(backend.listJobs())).kind).toBe('unavailable');
    sandbox.faults.errorRate = 0;
    expect((await catchError(backend.getJob('00000000-0000-4000-8000-000000000000'))).kind).toBe('not_found');
  });

  it.skipIf(!HAS_SHARED)('produces jobs that satisfy the seed schema (nulls dropped)', async () => {
    const schema = JSON.parse(readFileSync(sharedPath('seed/fine-tuning-job.schema.json'), 'utf8'));
    const ajv = new Ajv2020({ strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    const dropNulls = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(dropNulls)
        : v && typeof v === 'object'
          ? Object.fromEntries(
              Object.entries(v)
                .filter(([, x]) => x !== null)
                .map(([k, x]) => [k, dropNulls(x)]),
            )
          : v;
    for (const job of (await backend.listJobs()).jobs) {
      expect(validate(dropNulls(job)), JSON.stringify(validate.errors)).toBe(true);
    }
  });
  it.skipIf(HAS_SHARED)(`seed schema check: ${SHARED_SKIP_REASON}`, () => {});
});

describe('Mistral backend against answers that break the contract', () => {
  let server: http.Server;
  let body = '';
  const contentType = 'application/json';
  let url = '';

  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': contentType });
      res.end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const client = () =>
    createMistralBackend({ serverURL: url, apiKey: 'k', label: 'Mistral', timeoutMs: 2000 });

  it('reports a job the SDK calls "unknown" as a bad response, not a blank card', async () => {
    body = JSON.stringify({ id: 'x', job_type: 'completion' });
    const e = await catchError(client().getJob('00000000-0000-4000-8000-000000000000'));
    expect(e.kind).toBe('bad_response');
  });

  it('reports a list item with the wrong shape as a bad response', async () => {
    body = JSON.stringify({ object: 'list', total: 1, data: [{ id: 123, status: 42 }] });
    expect((await catchError(client().listJobs())).kind).toBe('bad_response');
  });

  it('reports a body that is not JSON as a bad response', async () => {
    body = '<html>oops';
    expect((await catchError(client().listJobs())).kind).toBe('bad_response');
  });

  it('reports an unreachable server as unavailable', async () => {
    const dead = createMistralBackend({ serverURL: 'http://127.0.0.1:9', apiKey: 'k', label: 'Mistral' });
    expect((await catchError(dead.listJobs())).kind).toBe('unavailable');
  });
});
