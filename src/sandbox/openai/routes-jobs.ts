import { setTimeout as sleep } from 'node:timers/promises';
import { serverError } from '../faults.js';
import { type Ctx, type HttpResult, json, type Route } from '../http.js';
import type { SandboxStore } from '../store.js';
import type { JobRecord, SandboxFaults } from '../types.js';
import { readCreate } from './create.js';
import { cursorPage, isPage } from './cursor.js';
import { invalid, notFound, openaiError } from './errors.js';
import { fromJobId, toJobId } from './ids.js';
import { checkpointsToOpenAI, eventsToOpenAI, jobToOpenAI } from './serialize.js';

const ID = '([^/]+)';
const JOBS = '/v1/fine_tuning/jobs';

export function openaiJobRoutes(store: SandboxStore, faults: SandboxFaults): Route[] {
  /** Shared front of every per-job route: injected slowness and failure (by either id), existence. */
  async function withJob(ctx: Ctx, then: (r: JobRecord) => HttpResult): Promise<HttpResult> {
    const edge = ctx.params[0] ?? '';
    const id = fromJobId(edge);
    const named = (ids: readonly string[]) => ids.includes(edge) || (id !== undefined && ids.includes(id));
    const slow = faults.slowJobs;
    if (slow && named(slow.ids)) await sleep(slow.latencyMs);
    if (named(faults.failingJobs)) return serverError(openaiError);
    const r = id === undefined ? undefined : store.jobs.get(id);
    return r ? then(r) : notFound('fine-tuning job', edge);
  }

  function list(ctx: Ctx): HttpResult {
    const all = [...store.jobs.values()].sort((a, b) => b.createdAtMs - a.createdAtMs || b.seq - a.seq);
    // No job here carries metadata, so any `metadata[k]=v` filter matches none.
    const byMetadata = [...ctx.query.keys()].some((k) => k.startsWith('metadata[') && k !== 'metadata');
    const items = (byMetadata ? [] : all).map((r) => ({ id: toJobId(r.id), r }));
    const p = cursorPage(items, ctx.query, 20);
    if (!isPage(p)) return p;
    return json(200, {
      object: 'list',
      data: p.data.map((x) => jobToOpenAI(store, x.r)),
      has_more: p.has_more,
    });
  }

  function create(ctx: Ctx): HttpResult {
    let body: unknown;
    try {
      body = JSON.parse(ctx.body.toString('utf8'));
    } catch {
      return invalid('We could not parse the JSON body of your request.', null);
    }
    const checked = readCreate(body, (id) => store.files.has(id));
    if (!checked.ok) return checked.answer;
    return json(200, jobToOpenAI(store, store.createJob(checked.input)));
  }

  function cancel(r: JobRecord): HttpResult {
    const res = store.cancel(r.id);
    if (res.ok) return json(200, jobToOpenAI(store, res.job));
    if (res.code === 404) return notFound('fine-tuning job', toJobId(r.id));
    const status = String(jobToOpenAI(store, r).status);
    return invalid(
      `Job ${toJobId(r.id)} has already ${status === 'cancelled' ? 'been cancelled' : 'finished'}.`,
      null,
    );
  }

  const history = (kind: 'events' | 'checkpoints') => (ctx: Ctx) =>
    withJob(ctx, (r) => {
      const items = kind === 'events' ? eventsToOpenAI(store, r) : checkpointsToOpenAI(store, r);
      const p = cursorPage(items as Array<{ id: string }>, ctx.query, kind === 'events' ? 20 : 10);
      if (!isPage(p)) return p;
      const body: Record<string, unknown> = { object: 'list', data: p.data, has_more: p.has_more };
      if (kind === 'checkpoints') {
        body.first_id = p.data[0]?.id ?? null;
        body.last_id = p.data[p.data.length - 1]?.id ?? null;
      }
      return json(200, body);
    });

  return [
    { method: 'GET', path: new RegExp(`^${JOBS}/?$`), key: `GET ${JOBS}`, handle: list },
    { method: 'POST', path: new RegExp(`^${JOBS}/?$`), key: `POST ${JOBS}`, handle: create },
    {
      method: 'GET',
      path: new RegExp(`^${JOBS}/${ID}/?$`),
      key: `GET ${JOBS}/{id}`,
      handle: (ctx) => withJob(ctx, (r) => json(200, jobToOpenAI(store, r))),
    },
    {
      method: 'POST',
      path: new RegExp(`^${JOBS}/${ID}/cancel/?$`),
      key: `POST ${JOBS}/{id}/cancel`,
      handle: (ctx) => withJob(ctx, cancel),
    },
    {
      method: 'GET',
      path: new RegExp(`^${JOBS}/${ID}/events/?$`),
      key: `GET ${JOBS}/{id}/events`,
      handle: history('events'),
    },
    {
      method: 'GET',
      path: new RegExp(`^${JOBS}/${ID}/checkpoints/?$`),
      key: `GET ${JOBS}/{id}/checkpoints`,
      handle: history('checkpoints'),
    },
  ];
}
