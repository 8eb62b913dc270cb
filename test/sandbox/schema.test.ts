import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHASE_MS } from '../../src/sandbox/lifecycle.js';
import { HAS_SHARED, SHARED_SKIP_REASON } from '../helpers/shared.js';
import {
  chatJsonl,
  expectSdkError,
  type Job,
  known,
  manualClock,
  type Recorded,
  raw,
  sandboxWithClient,
  specValidators,
  type Validate,
  withoutNulls,
} from './support.js';

const UUID = '[0-9a-f-]{36}';

/**
 * Runs every endpoint through the real SDK (and raw HTTP where the SDK cannot go), then checks
 * each recorded body against the shared OpenAPI spec and each job against the seed schema.
 */
describe.skipIf(!HAS_SHARED)(
  `responses match the published schemas${HAS_SHARED ? '' : ` (${SHARED_SKIP_REASON})`}`,
  () => {
    const bodies: Recorded[] = [];
    let v: ReturnType<typeof specValidators>;
    let routes: Array<[string, RegExp, Validate]>;

    beforeAll(async () => {
      v = specValidators();
      const jobs = (m: string) => v.response('/v1/fine_tuning/jobs', m);
      const job = (suffix: string) =>
        v.response(`/v1/fine_tuning/jobs/{job_id}${suffix}`, suffix ? 'post' : 'get');
      routes = [
        ['GET', /^\/v1\/fine_tuning\/jobs$/, jobs('get')],
        ['POST', /^\/v1\/fine_tuning\/jobs$/, jobs('post')],
        ['GET', new RegExp(`^/v1/fine_tuning/jobs/${UUID}$`), job('')],
        ['POST', new RegExp(`^/v1/fine_tuning/jobs/${UUID}/start$`), job('/start')],
        ['POST', new RegExp(`^/v1/fine_tuning/jobs/${UUID}/cancel$`), job('/cancel')],
        ['POST', /^\/v1\/files$/, v.component('CreateFileResponse')],
        ['GET', /^\/v1\/files$/, v.component('ListFilesResponse')],
        ['GET', new RegExp(`^/v1/files/${UUID}$`), v.component('GetFileResponse')],
        ['DELETE', new RegExp(`^/v1/files/${UUID}$`), v.component('DeleteFileResponse')],
        ['GET', /^\/v1\/models$/, v.component('ModelList')],
        ['GET', /^\/v1\/models\/[^/]+$/, v.response('/v1/models/{model_id}', 'get')],
      ];

      const clock = manualClock();
      const { sandbox, client, recorded } = await sandboxWithClient({ speed: 100, now: clock.now });
      const rawCall = async (method: string, path: string, body?: unknown) => {
        const r = await raw(sandbox, method, path, body);
        recorded.push({ method, path: path.split('?')[0] ?? path, status: r.status, body: r.json });
      };
      try {
        const list = await client.fineTuning.jobs.list({});
        for (const j of list.data ?? []) await client.fineTuning.jobs.get({ jobId: known<Job>(j).id });
        const file = await client.files.upload({
          file: { fileName: 't.jsonl', content: chatJsonl(30) },
          purpose: 'fine-tune',
        });
        await client.files.list({ purpose: 'fine-tune' });
        await client.files.retrieve({ fileId: file.id });
        const created = known<Job>(
          await client.fineTuning.jobs.create({
            model: 'open-mistral-7b',
            trainingFiles: [{ fileId: file.id }],
            hyperparameters: { trainingSteps: 4 },
            integrations: [{ type: 'wandb', project: 'p', apiKey: 'k'.repeat(40) }],
            autoStart: true,
          }),
        );
        await rawCall('POST', '/v1/fine_tuning/jobs?dry_run=true', {
          model: 'open-mistral-7b',
          training_files: [{ file_id: file.id }],
          hyperparameters: { epochs: 3 },
        });
        for (let i = 0; i < 6; i++) {
          clock.advance(PHASE_MS.validating / 100 / 2);
          await client.fineTuning.jobs.get({ jobId: created.id });
        }
        const validated = known<Job>((await client.fineTuning.jobs.list({ status: 'VALIDATED' })).data?.[0]);
        await client.fineTuning.jobs.start({ jobId: validated.id });
        const running = known<Job>((await client.fineTuning.jobs.list({ status: 'RUNNING' })).data?.[0]);
        await client.fineTuning.jobs.cancel({ jobId: running.id });
        await client.models.list();
        await client.models.retrieve({ modelId: 'open-mistral-7b' });
        await expectSdkError(
          client.fineTuning.jobs.create({ model: 'x', hyperparameters: { learningRate: 5 } }),
        );
        await client.files.delete({
          fileId: (await client.files.upload({ file: { fileName: 'd.jsonl', content: chatJsonl(1) } })).id,
        });
      } finally {
        await sandbox.close();
      }
      bodies.push(...recorded);
    });

    afterAll(() => {
      bodies.length = 0;
    });

    it('every 200 body validates against its OpenAPI response schema', () => {
      const ok = bodies.filter((b) => b.status === 200);
      expect(ok.length).toBeGreaterThan(20);
      for (const b of ok) {
        const route = routes.find(([m, re]) => m === b.method && re.test(b.path));
        expect(route, `${b.method} ${b.path} has a schema`).toBeDefined();
        const res = route?.[2](b.body);
        expect(res?.ok, `${b.method} ${b.path}: ${res?.errors}`).toBe(true);
      }
    });

    it('the validators really bite: a job without auto_start or a file with bytes null is rejected', () => {
      const job = bodies.find(
        (b) => b.status === 200 && /\/v1\/fine_tuning\/jobs\/[0-9a-f-]{36}$/.test(b.path),
      );
      const { auto_start: _drop, ...noAutoStart } = (job?.body ?? {}) as Record<string, unknown>;
      expect(routes[2]?.[2](noAutoStart).ok).toBe(false);
      const file = bodies.find((b) => b.method === 'POST' && b.path === '/v1/files');
      expect(v.component('CreateFileResponse')({ ...(file?.body as object), bytes: null }).ok).toBe(false);
      expect(v.seedJob({ id: 'not-a-uuid', model: 'm', status: 'QUEUED' }).ok).toBe(false);
    });

    it('every 422 with a list detail is a valid HTTPValidationError', () => {
      const errs = bodies.filter((b) => b.status === 422);
      expect(errs.length).toBeGreaterThan(0);
      const validate = v.component('HTTPValidationError');
      for (const b of errs) expect(validate(b.body).errors).toBe('No errors');
    });

    it('every job, in every state, validates against the seed job schema (nulls read as absent)', () => {
      const jobs = bodies.flatMap((b) => {
        if (b.status !== 200 || !b.path.startsWith('/v1/fine_tuning/jobs')) return [];
        const body = b.body as { data?: unknown[]; object?: string };
        return body.object === 'list' ? (body.data ?? []) : body.object === 'job' ? [body] : [];
      });
      const statuses = new Set(jobs.map((j) => (j as { status: string }).status));
      expect(statuses.size).toBeGreaterThanOrEqual(8);
      for (const j of jobs) {
        const res = v.seedJob(withoutNulls(j));
        expect(res.ok, res.errors).toBe(true);
      }
    });
  },
);
