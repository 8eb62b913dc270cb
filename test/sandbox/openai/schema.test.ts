import OpenAI, { toFile } from 'openai';
import { beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../../src/sandbox/index.js';
import { HAS_SHARED, SHARED_SKIP_REASON } from '../../helpers/shared.js';
import { chatJsonl, manualClock, type Recorded } from '../support.js';
import { openaiSpecValidators, type Validate } from './support.js';

const JOB = '/v1/fine_tuning/jobs/{fine_tuning_job_id}';
const ID = '[A-Za-z0-9-]+';

/**
 * Drives every OpenAI-dialect route through the real `openai` SDK (and a raw multipart upload in
 * Azure's form), records each answer, then checks it against the shared OpenAI spec.
 */
describe.skipIf(!HAS_SHARED)(
  `OpenAI-dialect responses match openai-finetuning-openapi.yaml${HAS_SHARED ? '' : ` (${SHARED_SKIP_REASON})`}`,
  () => {
    const bodies: Recorded[] = [];
    let v: ReturnType<typeof openaiSpecValidators>;
    let routes: Array<[string, RegExp, Validate]>;

    beforeAll(async () => {
      v = openaiSpecValidators();
      routes = [
        ['GET', /^\/v1\/fine_tuning\/jobs$/, v.response('/v1/fine_tuning/jobs', 'get')],
        ['POST', /^\/v1\/fine_tuning\/jobs$/, v.response('/v1/fine_tuning/jobs', 'post')],
        ['GET', new RegExp(`^/v1/fine_tuning/jobs/${ID}$`), v.response(JOB, 'get')],
        ['POST', new RegExp(`^/v1/fine_tuning/jobs/${ID}/cancel$`), v.response(`${JOB}/cancel`, 'post')],
        ['GET', new RegExp(`^/v1/fine_tuning/jobs/${ID}/events$`), v.response(`${JOB}/events`, 'get')],
        [
          'GET',
          new RegExp(`^/v1/fine_tuning/jobs/${ID}/checkpoints$`),
          v.response(`${JOB}/checkpoints`, 'get'),
        ],
        ['POST', /^\/v1\/files$/, v.response('/v1/files', 'post')],
        ['GET', /^\/v1\/files$/, v.response('/v1/files', 'get')],
        ['GET', new RegExp(`^/v1/files/${ID}$`), v.response('/v1/files/{file_id}', 'get')],
        ['DELETE', new RegExp(`^/v1/files/${ID}$`), v.response('/v1/files/{file_id}', 'delete')],
      ];
      const clock = manualClock();
      const sandbox = await startSandbox({ dialect: 'openai', speed: 100, now: clock.now, apiKey: 'k' });
      const recordingFetch: typeof fetch = async (input, init) => {
        const res = await fetch(input, init);
        const text = await res.clone().text();
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // File contents are not JSON: recorded as text, not checked.
        }
        const url = new URL(input instanceof Request ? input.url : String(input));
        // The SDK probes its fetch with a `data:` URL once; only the sandbox's answers count.
        if (!url.protocol.startsWith('http')) return res;
        bodies.push({ method: init?.method ?? 'GET', path: url.pathname, status: res.status, body });
        return res;
      };
      const client = new OpenAI({
        apiKey: 'k',
        baseURL: `${sandbox.url}/v1`,
        fetch: recordingFetch,
        maxRetries: 0,
      });
      try {
        const list = await client.fineTuning.jobs.list({ limit: 3 });
        const all = await client.fineTuning.jobs.list({ limit: 100 });
        expect(list.has_more).toBe(true);
        for (const j of all.data) {
          await client.fineTuning.jobs.retrieve(j.id);
          await client.fineTuning.jobs.listEvents(j.id, { limit: 50 });
          await client.fineTuning.jobs.checkpoints.list(j.id);
        }
        const file = await client.files.create({
          file: await toFile(chatJsonl(40), 'openai-train.jsonl'),
          purpose: 'fine-tune',
          expires_after: { anchor: 'created_at', seconds: 7200 },
        });
        expect(file.expires_at).toBe(file.created_at + 7200);
        await client.files.list({ purpose: 'fine-tune' });
        await client.files.retrieve(file.id);
        await client.files.content(file.id);
        const job = await client.fineTuning.jobs.create({
          model: 'gpt-4o-mini-2024-07-18',
          training_file: file.id,
          suffix: 'schema',
          method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 2 } } },
          integrations: [{ type: 'wandb', wandb: { project: 'p', name: 'n' } }],
        });
        for (let i = 0; i < 20; i++) {
          clock.advance(60);
          await client.fineTuning.jobs.retrieve(job.id);
          await client.fineTuning.jobs.listEvents(job.id);
        }
        const other = await client.fineTuning.jobs.create({
          model: 'gpt-4o-mini-2024-07-18',
          training_file: file.id,
        });
        await client.fineTuning.jobs.cancel(other.id);
        await client.fineTuning.jobs.cancel(other.id).catch(() => undefined);
        await client.fineTuning.jobs
          .create({ model: 'whisper-1', training_file: file.id })
          .catch(() => undefined);
        await client.fineTuning.jobs.retrieve('ftjob-nope').catch(() => undefined);
        await client.files.delete(file.id);
        const wrong = new OpenAI({
          apiKey: 'wrong',
          baseURL: `${sandbox.url}/v1`,
          fetch: recordingFetch,
          maxRetries: 0,
        });
        await wrong.fineTuning.jobs.list().catch(() => undefined);
      } finally {
        await sandbox.close();
      }
    });

    it('every 200 JSON body validates against its response schema in the spec', () => {
      const ok = bodies.filter((b) => b.status === 200 && !b.path.endsWith('/content'));
      expect(ok.length).toBeGreaterThan(40);
      for (const b of ok) {
        const route = routes.find(([m, re]) => m === b.method && re.test(b.path));
        expect(route, `${b.method} ${b.path} has a schema`).toBeDefined();
        const res = route?.[2](b.body);
        expect(res?.ok, `${b.method} ${b.path}: ${res?.errors}`).toBe(true);
      }
    });

    it('the jobs seen cover every OpenAI status but none outside the spec enum', () => {
      const statuses = new Set(
        bodies.flatMap((b) => {
          if (b.status !== 200 || !b.path.startsWith('/v1/fine_tuning/jobs')) return [];
          const body = b.body as { object?: string; data?: Array<{ status?: string }>; status?: string };
          if (body.object === 'fine_tuning.job') return [body.status];
          return body.object === 'list' ? (body.data ?? []).map((j) => j.status).filter(Boolean) : [];
        }),
      );
      expect(statuses).toEqual(
        new Set(['validating_files', 'queued', 'running', 'succeeded', 'failed', 'cancelled']),
      );
    });

    it('metrics events carry step and total_steps', () => {
      const events = bodies.flatMap((b) =>
        b.status === 200 && b.path.endsWith('/events')
          ? ((b.body as { data: Array<Record<string, unknown>> }).data ?? [])
          : [],
      );
      const metrics = events.filter((e) => e.type === 'metrics');
      expect(metrics.length).toBeGreaterThan(0);
      for (const m of metrics)
        expect(m.data).toMatchObject({ step: expect.any(Number), total_steps: expect.any(Number) });
    });

    it('every error is OpenAI’s {error: {message, type, param, code}}: 400, 401, 404', () => {
      const errs = bodies.filter((b) => b.status >= 400);
      expect(new Set(errs.map((b) => b.status))).toEqual(new Set([400, 401, 404]));
      for (const b of errs) expect(v.error(b.body).errors, `${b.method} ${b.path}`).toBe('No errors');
    });

    it('the validators really bite: a job without status or a file without bytes is rejected', () => {
      const job = bodies.find(
        (b) => b.status === 200 && b.method === 'POST' && b.path === '/v1/fine_tuning/jobs',
      );
      const { status: _drop, ...noStatus } = (job?.body ?? {}) as Record<string, unknown>;
      expect(routes[1]?.[2](noStatus).ok).toBe(false);
      const file = bodies.find((b) => b.method === 'POST' && b.path === '/v1/files');
      expect(routes[6]?.[2]({ ...(file?.body as object), bytes: null }).ok).toBe(false);
      expect(v.error({ error: { message: 'x' } }).ok).toBe(false);
    });
  },
);
