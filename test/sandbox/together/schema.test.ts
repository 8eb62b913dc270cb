import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { startSandbox } from '../../../src/sandbox/index.js';
import { PHASE_MS } from '../../../src/sandbox/lifecycle.js';
import { HAS_SHARED, SHARED_SKIP_REASON } from '../../helpers/shared.js';
import { chatJsonl, manualClock } from '../support.js';
import { togetherValidators, type Validate } from './spec.js';

interface Answer {
  method: string;
  path: string;
  status: number;
  body: unknown;
}

const KEY = 'sandbox-key';
const ANY = '[^/]+';

describe.skipIf(!HAS_SHARED)(
  `Together sandbox answers match together-openapi.yaml${HAS_SHARED ? '' : ` (${SHARED_SKIP_REASON})`}`,
  () => {
    const answers: Answer[] = [];
    const clock = manualClock();
    let sandbox: Sandbox;

    async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
      const isForm = body instanceof FormData;
      const res = await fetch(`${sandbox.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${KEY}`,
          ...(body === undefined || isForm ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // File content is text.
      }
      answers.push({ method, path: path.split('?')[0] ?? path, status: res.status, body: parsed });
      return parsed as Record<string, unknown>;
    }

    async function everyJob() {
      const list = await call('GET', '/v1/fine-tunes');
      for (const j of list.data as Array<{ id: string }>) {
        for (const suffix of ['', '/events', '/checkpoints', '/metrics'])
          await call('GET', `/v1/fine-tunes/${j.id}${suffix}`);
      }
      return list.data as Array<{ id: string; status: string }>;
    }

    beforeAll(async () => {
      sandbox = await startSandbox({ dialect: 'together', apiKey: KEY, now: clock.now });
      await everyJob();
      const files = (await call('GET', '/v1/files')).data as Array<{ id: string; filename: string }>;
      for (const f of files) await call('GET', `/v1/files/${f.id}`);
      const train = files.find((f) => f.filename === 'support-chat-train.jsonl')?.id;
      const valid = files.find((f) => f.filename === 'support-chat-valid.jsonl')?.id;
      await call('GET', `/v1/files/${train}/content`);
      const form = new FormData();
      form.append('purpose', 'fine-tune');
      form.append('file_name', 'upload.jsonl');
      form.append('file_type', 'jsonl');
      form.append('file', new Blob([chatJsonl(40)]), 'upload.jsonl');
      const uploaded = await call('POST', '/v1/files/upload', form);
      await call('GET', '/v1/fine-tunes/models/supported');
      const body = {
        model: 'mistralai/Mixtral-8x7B-Instruct-v0.1',
        training_file: uploaded.id,
        validation_file: valid,
        n_epochs: 2,
        n_evals: 2,
        suffix: 'schema',
        wandb_api_key: 'w'.repeat(40),
        wandb_project_name: 'schema-proj',
        wandb_name: 'schema-run',
      };
      await call('POST', '/v1/fine-tunes/estimate-price', body);
      const created = await call('POST', '/v1/fine-tunes', body);
      const toCancel = await call('POST', '/v1/fine-tunes', { ...body, suffix: 'cancel' });
      for (const ms of [
        PHASE_MS.queued,
        PHASE_MS.validating,
        PHASE_MS.validatedAutoStart,
        PHASE_MS.started,
      ]) {
        clock.advance(ms);
        await call('GET', `/v1/fine-tunes/${created.id}`);
        await call('GET', `/v1/fine-tunes/${created.id}/events`);
      }
      clock.advance(3 * PHASE_MS.step);
      await call('POST', `/v1/fine-tunes/${toCancel.id}/cancel`);
      await call('GET', `/v1/fine-tunes/${toCancel.id}`);
      clock.advance(60 * 60_000);
      const jobs = await everyJob();
      const done = jobs.find((j) => j.status === 'completed');
      // Error answers: each must be Together's ErrorData.
      await call('POST', `/v1/fine-tunes/${done?.id}/cancel`);
      await call('POST', '/v1/fine-tunes', { ...body, n_epochs: 0 });
      await call('POST', '/v1/fine-tunes', { training_file: uploaded.id });
      await call('GET', '/v1/fine-tunes/ft-00000000-0000-4000-8000-000000000000');
      await call('GET', '/v1/files/file-nope');
      await call('GET', '/v1/fine-tunes', undefined, { authorization: 'Bearer wrong' });
      sandbox.faults.rateLimit = { retryAfterSeconds: 3, remaining: 1 };
      await call('GET', '/v1/fine-tunes');
      sandbox.faults.gone = true;
      await call('GET', '/v1/fine-tunes');
      sandbox.faults.gone = false;
      sandbox.faults.errorRate = 1;
      await call('GET', '/v1/files');
      sandbox.faults.errorRate = 0;
      await call('DELETE', `/v1/files/${uploaded.id}`);
    });
    afterAll(() => sandbox?.close());

    it('every 200 answer matches its operation in the spec, and every operation served was called', () => {
      const v = togetherValidators();
      const routes: Array<[string, RegExp, Validate]> = [
        ['GET', /^\/v1\/fine-tunes$/, v.response('/v1/fine-tunes', 'get')],
        ['POST', /^\/v1\/fine-tunes$/, v.response('/v1/fine-tunes', 'post')],
        ['POST', /^\/v1\/fine-tunes\/estimate-price$/, v.response('/v1/fine-tunes/estimate-price', 'post')],
        [
          'GET',
          /^\/v1\/fine-tunes\/models\/supported$/,
          v.response('/v1/fine-tunes/models/supported', 'get'),
        ],
        [
          'GET',
          new RegExp(`^/v1/fine-tunes/${ANY}/events$`),
          v.response('/v1/fine-tunes/{id}/events', 'get'),
        ],
        [
          'GET',
          new RegExp(`^/v1/fine-tunes/${ANY}/checkpoints$`),
          v.response('/v1/fine-tunes/{id}/checkpoints', 'get'),
        ],
        [
          'GET',
          new RegExp(`^/v1/fine-tunes/${ANY}/metrics$`),
          v.response('/v1/fine-tunes/{id}/metrics', 'get'),
        ],
        [
          'POST',
          new RegExp(`^/v1/fine-tunes/${ANY}/cancel$`),
          v.response('/v1/fine-tunes/{id}/cancel', 'post'),
        ],
        ['GET', new RegExp(`^/v1/fine-tunes/${ANY}$`), v.response('/v1/fine-tunes/{id}', 'get')],
        ['POST', /^\/v1\/files\/upload$/, v.response('/v1/files/upload', 'post')],
        ['GET', /^\/v1\/files$/, v.response('/v1/files', 'get')],
        ['GET', new RegExp(`^/v1/files/${ANY}$`), v.response('/v1/files/{id}', 'get')],
        ['DELETE', new RegExp(`^/v1/files/${ANY}$`), v.response('/v1/files/{id}', 'delete')],
      ];
      const used = new Set<number>();
      const problems: string[] = [];
      for (const a of answers.filter((x) => x.status === 200 && !x.path.endsWith('/content'))) {
        const i = routes.findIndex(([m, re]) => m === a.method && re.test(a.path));
        if (i < 0) {
          problems.push(`${a.method} ${a.path}: no operation in the spec`);
          continue;
        }
        used.add(i);
        const r = (routes[i] as [string, RegExp, Validate])[2](a.body);
        if (!r.ok) problems.push(`${a.method} ${a.path}: ${r.errors}`);
      }
      expect(problems).toEqual([]);
      // The checks bite: a Mistral-style status or a foreign id is refused.
      const job = v.response('/v1/fine-tunes/{id}', 'get');
      expect(job({ id: 'ft-00000000-0000-4000-8000-000000000000', status: 'RUNNING' }).ok).toBe(false);
      expect(job({ id: 'job-1', status: 'running' }).ok).toBe(false);
      expect(routes.filter((_, i) => !used.has(i)).map(([m, re]) => `${m} ${re}`)).toEqual([]);
    });

    it('the lifecycle answers went through every Together status the engine produces', () => {
      const statuses = new Set(
        answers
          .filter(
            (a) => a.method === 'GET' && a.status === 200 && /^\/v1\/fine-tunes\/ft-[^/]+$/.test(a.path),
          )
          .map((a) => (a.body as { status: string }).status),
      );
      expect([...statuses].sort()).toEqual([
        'cancel_requested',
        'cancelled',
        'completed',
        'error',
        'pending',
        'queued',
        'running',
      ]);
    });

    it('every error answer is ErrorData, with the status a client expects', () => {
      const errorData = togetherValidators().component('ErrorData');
      const errors = answers.filter((a) => a.status !== 200);
      expect(errors.map((a) => a.status).sort()).toEqual([400, 400, 400, 401, 404, 404, 410, 429, 503]);
      for (const a of errors) expect(errorData(a.body), `${a.status} ${a.path}`).toMatchObject({ ok: true });
      const badEpochs = errors.find((a) => a.status === 400 && JSON.stringify(a.body).includes('n_epochs'));
      expect(badEpochs?.body).toMatchObject({ error: { param: 'n_epochs', type: 'invalid_request_error' } });
    });

    it('the file content route serves the bytes as uploaded', () => {
      const content = answers.find((a) => a.path.endsWith('/content'));
      expect(content?.status).toBe(200);
      expect(String(content?.body).split('\n')[0]).toContain('"messages"');
    });

    it('the W&B key is never echoed in any answer', () => {
      expect(JSON.stringify(answers)).not.toContain('w'.repeat(40));
    });
  },
);
