import { setTimeout as sleep } from 'node:timers/promises';
import { type Ctx, type HttpResult, json, type Route } from '../http.js';
import { computeNumbers } from '../metadata.js';
import type { SandboxStore } from '../store.js';
import type { JobRecord, SandboxFaults } from '../types.js';
import { invalid, togetherError } from './errors.js';
import { jobIdFromWire, jobWireId } from './ids.js';
import { TOGETHER_MODELS, togetherModel } from './models.js';
import { MAX_BATCH_SIZE, validateTogetherCreate } from './validate-create.js';
import {
  type TogetherExtras,
  togetherCheckpoints,
  togetherEvents,
  togetherJob,
  togetherMetrics,
} from './wire.js';

const ID = '([^/]+)';
/** The sandbox account's credit limit, in dollars (estimate-price's `user_limit`). */
const USER_LIMIT_USD = 1000;
const DEFAULT_EXTRAS: TogetherExtras = { batchSize: MAX_BATCH_SIZE, nEvals: 0 };

/** Together's step count: every epoch runs through the samples one batch at a time. */
function stepsFor(numLines: number, epochs: number, batchSize: number): number {
  return Math.max(1, epochs * Math.ceil(Math.max(numLines, 1) / batchSize));
}

/** `/v1/fine-tunes*` in Together's format over the one lifecycle engine. */
export function togetherJobRoutes(store: SandboxStore, faults: SandboxFaults): Route[] {
  // What Together's create takes that the engine's record has no field for, by engine id.
  const extras = new Map<string, TogetherExtras>();
  const extrasOf = (r: JobRecord) => extras.get(r.id) ?? DEFAULT_EXTRAS;
  const wire = (r: JobRecord, detailed: boolean) =>
    togetherJob(
      r,
      store.derive(r, detailed),
      extrasOf(r),
      store.files.get(r.trainingFiles[0] ?? ''),
      detailed,
    );

  /** Shared front of the per-job routes: id, injected slowness and failure, existence. */
  async function withJob(ctx: Ctx, then: (r: JobRecord) => HttpResult): Promise<HttpResult> {
    const wireId = ctx.params[0] ?? '';
    const id = jobIdFromWire(wireId);
    const listed = (ids: readonly string[]) => ids.includes(wireId) || (id !== undefined && ids.includes(id));
    const slow = faults.slowJobs;
    if (slow && listed(slow.ids)) await sleep(slow.latencyMs);
    if (listed(faults.failingJobs))
      return togetherError(503, 'server_error', 'Service temporarily unavailable (sandbox fault injection).');
    const r = id ? store.jobs.get(id) : undefined;
    if (!r) return togetherError(404, 'not_found', `Fine-tune job ${wireId} not found.`);
    return then(r);
  }

  function parseBody(ctx: Ctx): { ok: true; body: unknown } | { ok: false; res: HttpResult } {
    try {
      return { ok: true, body: JSON.parse(ctx.body.toString('utf8') || 'null') };
    } catch {
      return { ok: false, res: invalid('The request body is not valid JSON.') };
    }
  }

  function checked(ctx: Ctx) {
    const parsed = parseBody(ctx);
    if (!parsed.ok) return parsed;
    const c = validateTogetherCreate(parsed.body, (id) => store.files.has(id));
    if (!c.ok) return { ok: false as const, res: invalid(c.issue.message, c.issue.param) };
    const lines = store.files.get(c.input.trainingFiles[0]?.file_id ?? '')?.numLines ?? 1;
    const steps = stepsFor(lines, c.input.hyperparameters.epochs ?? 1, c.extras.batchSize);
    c.input.hyperparameters.training_steps = steps;
    return c;
  }

  function create(ctx: Ctx): HttpResult {
    const c = checked(ctx);
    if (!c.ok) return c.res;
    const pricePerMTokens = togetherModel(c.input.model)?.pricePerMTokens ?? 1;
    const r = store.createJob(c.input, { pricePerMTokens });
    extras.set(r.id, c.extras);
    return json(200, wire(r, false));
  }

  function estimate(ctx: Ctx): HttpResult {
    const c = checked(ctx);
    if (!c.ok) return c.res;
    const { input } = c;
    const { check } = store.checkData(
      [input.trainingFiles[0]?.file_id ?? ''],
      input.validationFiles,
      'completion',
    );
    if (!check.ok) return invalid(check.error, 'training_file');
    const price = togetherModel(input.model)?.pricePerMTokens ?? 1;
    const n = computeNumbers(check.dataTokens, input.hyperparameters, price);
    const evalTokens =
      input.validationFiles.length > 0 && c.extras.nEvals > 0 ? Math.round(n.data_tokens / 10) : 0;
    return json(200, {
      // Dollars here (user_limit beside it is "in dollars"), nano-dollars in a job's total_price.
      estimated_total_price: n.cost,
      allowed_to_proceed: n.cost <= USER_LIMIT_USD,
      user_limit: USER_LIMIT_USD,
      estimated_train_token_count: n.train_tokens,
      estimated_eval_token_count: evalTokens,
    });
  }

  function cancel(r: JobRecord): HttpResult {
    const res = store.cancel(r.id);
    if (res.ok) return json(200, wire(res.job, false));
    // Together answers 400 (not 409) for a job that can no longer be cancelled.
    return res.code === 404
      ? togetherError(404, 'not_found', res.detail)
      : invalid(res.detail.replace(r.id, jobWireId(r.id)));
  }

  const perJob = (suffix: string, method: string, handle: (r: JobRecord) => HttpResult): Route => ({
    method,
    path: new RegExp(`^/v1/fine-tunes/${ID}${suffix}/?$`),
    key: `${method} /v1/fine-tunes/{id}${suffix}`,
    handle: (ctx) => withJob(ctx, handle),
  });

  return [
    {
      method: 'GET',
      path: /^\/v1\/fine-tunes\/?$/,
      key: 'GET /v1/fine-tunes',
      handle: () =>
        json(200, {
          data: [...store.jobs.values()]
            .sort((a, b) => b.createdAtMs - a.createdAtMs || b.seq - a.seq)
            .map((r) => wire(r, false)),
        }),
    },
    { method: 'POST', path: /^\/v1\/fine-tunes\/?$/, key: 'POST /v1/fine-tunes', handle: create },
    {
      method: 'POST',
      path: /^\/v1\/fine-tunes\/estimate-price\/?$/,
      key: 'POST /v1/fine-tunes/estimate-price',
      handle: estimate,
    },
    {
      method: 'GET',
      path: /^\/v1\/fine-tunes\/models\/supported\/?$/,
      key: 'GET /v1/fine-tunes/models/supported',
      handle: () => json(200, { models: TOGETHER_MODELS.map((m) => m.id) }),
    },
    perJob('', 'GET', (r) => json(200, wire(r, true))),
    perJob('/events', 'GET', (r) => json(200, { data: togetherEvents(r, store.derive(r, true)) })),
    perJob('/checkpoints', 'GET', (r) => json(200, { data: togetherCheckpoints(r, store.derive(r, true)) })),
    perJob('/metrics', 'GET', (r) => json(200, { metrics: togetherMetrics(r, store.derive(r, true)) })),
    perJob('/cancel', 'POST', cancel),
  ];
}
