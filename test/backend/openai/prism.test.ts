import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FineTuningBackend } from '../../../src/backend/backend.js';
import { BackendError } from '../../../src/backend/errors.js';
import { createOpenAIBackend } from '../../../src/backend/openai/openai-backend.js';
import type { CreateJobRequest } from '../../../src/domain/job.js';
import { HAS_SHARED, SHARED_SKIP_REASON, sharedPath } from '../../helpers/shared.js';

const PRISM = resolve(import.meta.dirname, '../../../node_modules/.bin/prism');
const SPEC = sharedPath('schemas/openai-finetuning-openapi.yaml');

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/** `prism mock` as a child process, answering once it is up. */
async function startPrism(args: string[]): Promise<{ url: string; proc: ChildProcess }> {
  const port = await freePort();
  const proc = spawn(PRISM, ['mock', '-h', '127.0.0.1', '-p', String(port), ...args, SPEC], {
    stdio: 'ignore',
    env: { ...process.env, SCARF_ANALYTICS: 'false' },
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      await fetch(`${url}/v1/fine_tuning/jobs`, { headers: { authorization: 'Bearer k' } });
      return { url, proc };
    } catch {
      await sleep(100);
    }
  }
  proc.kill();
  throw new Error('prism did not start');
}

const request: CreateJobRequest = {
  model: 'gpt-4o-mini',
  training_files: [{ file_id: 'file-abc123' }],
  validation_files: ['file-def456'],
  hyperparameters: { epochs: 3 },
  suffix: 'contract',
  integrations: [{ type: 'wandb', project: 'proj', name: 'run', api_key: 'w'.repeat(40) }],
  auto_start: true,
};

/** The first pages of a status scan (random answers may say there is always more). */
async function firstPages(b: FineTuningBackend) {
  const pages = [];
  for await (const page of b.scanJobs(0)) if (pages.push(page) >= 3) break;
  return pages;
}

/** Every adapter method the spec covers (it has no /v1/models). */
const calls: Array<[string, (b: FineTuningBackend) => Promise<unknown>]> = [
  ['listJobs', (b) => b.listJobs({ page: 1, pageSize: 5 })],
  ['listJobs (filtered)', (b) => b.listJobs({ status: 'RUNNING', model: 'gpt-4o-mini' })],
  ['scanJobs', (b) => firstPages(b)],
  ['getJob', (b) => b.getJob('ftjob-abc123')],
  ['createJob', (b) => b.createJob(request)],
  ['cancelJob', (b) => b.cancelJob('ftjob-abc123')],
  ['estimateJob', (b) => b.estimateJob(request)],
  ['listFiles', (b) => b.listFiles()],
  ['getFileContent', (b) => b.getFileContent('file-abc123')],
  [
    'uploadFile',
    (b) =>
      b.uploadFile({
        filename: 'exports/helpdesk.jsonl',
        content: new TextEncoder().encode('{"messages":[{"role":"user","content":"hi"}]}\n'),
      }),
  ],
];

describe.skipIf(!HAS_SHARED)(
  `the OpenAI adapter against Prism (the spec as a contract)${HAS_SHARED ? '' : ` (${SHARED_SKIP_REASON})`}`,
  () => {
    let strict: { url: string; proc: ChildProcess };
    let dynamic: { url: string; proc: ChildProcess };
    const backendAt = (url: string) =>
      createOpenAIBackend({
        apiKey: 'sk-contract',
        baseURL: `${url}/v1`,
        label: 'Prism',
        maxRetries: 0,
        timeoutMs: 10_000,
      });

    beforeAll(async () => {
      [strict, dynamic] = await Promise.all([startPrism(['--errors']), startPrism(['-d'])]);
    }, 60_000);
    afterAll(() => {
      strict?.proc.kill();
      dynamic?.proc.kill();
    });

    it.each(calls)('%s sends a request the spec accepts (Prism --errors)', async (_name, call) => {
      const outcome = await call(backendAt(strict.url)).then(
        () => 'resolved',
        (e: unknown) => e,
      );
      // A request violation comes back as Prism's 422 (401 without a Bearer key); the static answers
      // are the spec's own, so every call must resolve.
      expect(
        outcome instanceof BackendError ? `${outcome.kind} ${outcome.status}: ${outcome.detail}` : outcome,
      ).toBe('resolved');
    });

    it('listModels is outside the spec: Prism has no such path, and the adapter says not_found', async () => {
      const e = await backendAt(strict.url)
        .listModels()
        .catch((x: unknown) => x);
      expect(e).toBeInstanceOf(BackendError);
      expect((e as BackendError).kind).toBe('not_found');
    });

    it.each(calls)(
      '%s, with random answers the spec allows, resolves or rejects with a BackendError (20 calls)',
      async (_name, call) => {
        const b = backendAt(dynamic.url);
        const outcomes = await Promise.all(
          Array.from({ length: 20 }, () =>
            call(b).then(
              (v) => (typeof v === 'object' && v !== null ? 'resolved' : `odd ${typeof v}`),
              (e: unknown) => (e instanceof BackendError ? `rejected ${e.kind}` : `threw ${String(e)}`),
            ),
          ),
        );
        expect(outcomes.filter((o) => o !== 'resolved' && !o.startsWith('rejected '))).toEqual([]);
        // The spec's answers are well-formed, so most calls resolve: the checks are not just refusing.
        expect(outcomes.filter((o) => o === 'resolved').length).toBeGreaterThan(0);
      },
    );
  },
);
