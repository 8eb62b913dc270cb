import { setTimeout as sleep } from 'node:timers/promises';
import { estimateTokens } from '../data/jsonl.js';
import { JOB_STATUSES } from '../domain/job.js';
import { serverError } from './faults.js';
import { type Ctx, detail, type HttpResult, json, type Route } from './http.js';
import { computeNumbers } from './metadata.js';
import { findBaseModel } from './models.js';
import { UUID_RE } from './prng.js';
import { QueryReader } from './query.js';
import { jobToWire } from './serialize.js';
import type { SandboxStore } from './store.js';
import type { JobRecord, SandboxFaults } from './types.js';
import { type CreateInput, validateCreate } from './validation.js';

const ID = '([^/]+)';

export function jobRoutes(store: SandboxStore, faults: SandboxFaults): Route[] {
  const wire = (r: JobRecord, detailed: boolean) => jobToWire(r, store.derive(r, detailed), detailed);

  /** Shared front of get/start/cancel: id shape, injected slowness and failure, existence. */
  async function withJob(ctx: Ctx, then: (r: JobRecord) => HttpResult): Promise<HttpResult> {
    const id = ctx.params[0] ?? '';
    if (!UUID_RE.test(id)) {
      return detail(422, [
        { type: 'uuid_parsing', loc: ['path', 'job_id'], msg: 'Input should be a valid UUID', input: id },
      ]);
    }
    const slow = faults.slowJobs;
    if (slow?.ids.includes(id)) await sleep(slow.latencyMs);
    if (faults.failingJobs.includes(id)) return serverError();
    const r = store.jobs.get(id);
    if (!r) return detail(404, `Job ${id} not found.`);
    return then(r);
  }

  function list(ctx: Ctx): HttpResult {
    const q = new QueryReader(ctx.query);
    const page = q.int('page', 0, 0);
    const pageSize = q.int('page_size', 100, 1);
    const model = q.string('model');
    const after = q.dateMs('created_after');
    const before = q.dateMs('created_before');
    const byMe = q.bool('created_by_me') ?? false;
    const status = q.oneOf('status', JOB_STATUSES);
    const wandbProject = q.string('wandb_project');
    const wandbName = q.string('wandb_name');
    const suffix = q.string('suffix');
    if (q.issues.length > 0) return detail(422, q.issues);

    const matches = [...store.jobs.values()].filter(
      (r) =>
        (model === undefined || r.model === model) &&
        (after === undefined || r.createdAtMs >= after) &&
        (before === undefined || r.createdAtMs < before) &&
        (!byMe || r.createdByMe) &&
        (suffix === undefined || r.suffix === suffix) &&
        (wandbProject === undefined || r.integrations.some((i) => i.project === wandbProject)) &&
        (wandbName === undefined ||
          r.integrations.some((i) => i.name === wandbName || i.run_name === wandbName)) &&
        (status === undefined || store.derive(r).status === status),
    );
    matches.sort((a, b) => b.createdAtMs - a.createdAtMs || b.seq - a.seq);
    const data = matches.slice(page * pageSize, (page + 1) * pageSize).map((r) => wire(r, false));
    return json(200, { data, object: 'list', total: matches.length });
  }

  function create(ctx: Ctx): HttpResult {
    const q = new QueryReader(ctx.query);
    const dryRun = q.bool('dry_run') ?? false;
    if (q.issues.length > 0) return detail(422, q.issues);
    if (ctx.body.length === 0)
      return detail(422, [{ type: 'missing', loc: ['body'], msg: 'Field required' }]);
    let body: unknown;
    try {
      body = JSON.parse(ctx.body.toString('utf8'));
    } catch (e) {
      return detail(422, `Malformed JSON body: ${e instanceof Error ? e.message : 'parse error'}`);
    }
    const checked = validateCreate(body, (id) => store.files.has(id));
    if (!checked.ok) return detail(422, checked.issues);
    const input = checked.value;
    if (dryRun) return dryRunAnswer(input);
    if (store.findSimilarActive(input)) {
      return detail(409, 'A similar job is already queued, validated or running.');
    }
    return json(200, wire(store.createJob(input), false));
  }

  /** The legacy dry run: the numbers `metadata` will show, computed from the real file sizes now. */
  function dryRunAnswer(input: CreateInput): HttpResult {
    const ids = input.trainingFiles.map((f) => f.file_id);
    const { check } = store.checkData(ids, input.validationFiles, input.jobType);
    if (!check.ok) {
      return detail(422, [
        { type: 'value_error', loc: ['body', 'training_files'], msg: `Value error, ${check.error}` },
      ]);
    }
    const price = findBaseModel(input.model)?.pricePerMTokens ?? 3;
    const n = computeNumbers(check.dataTokens, input.hyperparameters, price);
    const bytes = ids.reduce((sum, id) => sum + (store.files.get(id)?.content.byteLength ?? 0), 0);
    return json(200, {
      ...n,
      estimated_start_time: null,
      deprecated: true,
      details: `Dry run, nothing was created: ${n.training_steps} steps of ${n.train_tokens_per_step} tokens over ${ids.length} file(s) (${bytes} bytes ≈ ${estimateTokens(bytes)} tokens), about ${n.expected_duration_seconds} s, ${n.cost} ${n.cost_currency}.`,
      object: 'job.metadata',
    });
  }

  function action(kind: 'start' | 'cancel') {
    return (ctx: Ctx) =>
      withJob(ctx, (r) => {
        const res = kind === 'start' ? store.start(r.id) : store.cancel(r.id);
        return res.ok ? json(200, wire(res.job, true)) : detail(res.code, res.detail);
      });
  }

  return [
    { method: 'GET', path: /^\/v1\/fine_tuning\/jobs\/?$/, key: 'GET /v1/fine_tuning/jobs', handle: list },
    {
      method: 'POST',
      path: /^\/v1\/fine_tuning\/jobs\/?$/,
      key: 'POST /v1/fine_tuning/jobs',
      handle: create,
    },
    {
      method: 'GET',
      path: new RegExp(`^/v1/fine_tuning/jobs/${ID}/?$`),
      key: 'GET /v1/fine_tuning/jobs/{id}',
      handle: (ctx) => withJob(ctx, (r) => json(200, wire(r, true))),
    },
    {
      method: 'POST',
      path: new RegExp(`^/v1/fine_tuning/jobs/${ID}/start/?$`),
      key: 'POST /v1/fine_tuning/jobs/{id}/start',
      handle: action('start'),
    },
    {
      method: 'POST',
      path: new RegExp(`^/v1/fine_tuning/jobs/${ID}/cancel/?$`),
      key: 'POST /v1/fine_tuning/jobs/{id}/cancel',
      handle: action('cancel'),
    },
  ];
}
