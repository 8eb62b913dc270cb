import type { SandboxDialectName } from '../../src/sandbox/dialects.js';
import { closedLoop } from './closed-loop.js';

/**
 * The benchmark as another client of a provider's fine-tuning API (the sandbox process in that
 * provider's dialect): it uploads a file and creates jobs as a team's scripts would, and reads every
 * job's status to check the scenario, outside what the app is measured on.
 */
export interface ListedJob {
  id: string;
  status: string;
}

export interface ProviderApi {
  dialect: SandboxDialectName;
  /** As users know it, e.g. "OpenAI-shaped". */
  label: string;
  /** The app's settings for this provider with its base URL at `api` (the sandbox's /v1). */
  appEnv(api: string): Record<string, string>;
  /** Sandbox route keys (`/_sandbox/stats`) of the list and of a job's own read. */
  routes: { list: string; get: string };
  /** What one job GET of the app's adapter costs in requests, in words. */
  getRequests: string;
  /** How the provider's list is paged, and so what status detection costs at least. */
  detection: string;
  /** The fewest list calls that show every watched job's status, given the list (newest first). */
  statusCalls(listing: ListedJob[], oldestWatched: string): number;
  /** Provider statuses of the scenario's training and waiting jobs. */
  training: string;
  waiting: string;
  uploadTrainingFile(api: string, lines: number): Promise<string>;
  /** `count` jobs, one at a time, so creation order is list order and slot order. */
  createJobs(api: string, fileId: string, count: number, tag: string): Promise<string[]>;
  /** Every job, newest first. */
  listAll(api: string): Promise<ListedJob[]>;
}

async function call<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, { ...init, headers: { authorization: 'Bearer bench', ...init?.headers } });
  const text = await res.text();
  if (!res.ok)
    throw new Error(`${init?.method ?? 'GET'} ${url} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

const postJson = <T>(url: string, body: unknown) =>
  call<T>(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

/** A chat JSONL training file of `lines` examples (about 250 bytes each). */
function trainingJsonl(lines: number): Blob {
  const line = (i: number) =>
    JSON.stringify({
      messages: [
        { role: 'system', content: 'You are the Acme support assistant. Answer briefly and politely.' },
        { role: 'user', content: `Where do I change the billing address on invoice #${10_000 + i}?` },
        { role: 'assistant', content: `Open Settings → Billing; invoice #${10_000 + i} then shows it.` },
      ],
    });
  return new Blob([`${Array.from({ length: lines }, (_, i) => line(i)).join('\n')}\n`]);
}

async function createEach(count: number, create: (i: number) => Promise<string>): Promise<string[]> {
  const ids: string[] = [];
  await closedLoop(count, 1, async (i) => {
    ids.push(await create(i));
  });
  return ids;
}

const PAGE = 100;

/** OpenAI, Azure AI Foundry, Nebius: cursor pages of at most 100, newest first, no filter. */
export const openaiApi: ProviderApi = {
  dialect: 'openai',
  label: 'OpenAI-shaped',
  appEnv: (api) => ({ FINETUNE_PROVIDER: 'openai', OPENAI_API_KEY: 'bench', OPENAI_BASE_URL: api }),
  routes: { list: 'GET /v1/fine_tuning/jobs', get: 'GET /v1/fine_tuning/jobs/{id}' },
  getRequests: '3 requests (the job, its events, its checkpoints)',
  detection: `cursor pages of ${PAGE}, newest first: ⌈jobs newer than the oldest watched one / ${PAGE}⌉`,
  statusCalls(listing, oldestWatched) {
    const i = listing.findIndex((j) => j.id === oldestWatched);
    if (i < 0) throw new Error(`the oldest watched job ${oldestWatched} is not in the list`);
    return Math.ceil((i + 1) / PAGE);
  },
  training: 'running',
  waiting: 'queued',
  async uploadTrainingFile(api, lines) {
    const form = new FormData();
    form.set('file', trainingJsonl(lines), 'scale-train.jsonl');
    form.set('purpose', 'fine-tune');
    return (await call<{ id: string }>(`${api}/files`, { method: 'POST', body: form })).id;
  },
  createJobs: (api, fileId, count, tag) =>
    createEach(count, async (i) => {
      const body = {
        model: 'gpt-4o-mini-2024-07-18',
        training_file: fileId,
        suffix: `${tag}-${i}`,
        hyperparameters: { n_epochs: 50 },
      };
      return (await postJson<{ id: string }>(`${api}/fine_tuning/jobs`, body)).id;
    }),
  async listAll(api) {
    const out: ListedJob[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await call<{ data: ListedJob[]; has_more: boolean }>(
        `${api}/fine_tuning/jobs?limit=${PAGE}${after ? `&after=${after}` : ''}`,
      );
      out.push(...page.data.map(({ id, status }) => ({ id, status })));
      if (!page.has_more || page.data.length === 0) return out;
      after = page.data[page.data.length - 1]?.id;
    }
  },
};

/** Together AI: the list is every job in one answer. */
export const togetherApi: ProviderApi = {
  dialect: 'together',
  label: 'Together',
  appEnv: (api) => ({ FINETUNE_PROVIDER: 'together', TOGETHER_API_KEY: 'bench', TOGETHER_BASE_URL: api }),
  routes: { list: 'GET /v1/fine-tunes', get: 'GET /v1/fine-tunes/{id}' },
  getRequests: '4 requests (the job, its events, metrics and checkpoints)',
  detection: 'one call (the list is every job at once)',
  statusCalls: () => 1,
  training: 'running',
  waiting: 'queued',
  async uploadTrainingFile(api, lines) {
    const form = new FormData();
    form.set('file', trainingJsonl(lines), 'scale-train.jsonl');
    form.set('file_name', 'scale-train.jsonl');
    form.set('purpose', 'fine-tune');
    return (await call<{ id: string }>(`${api}/files/upload`, { method: 'POST', body: form })).id;
  },
  createJobs: (api, fileId, count, tag) =>
    createEach(count, async (i) => {
      const body = {
        model: 'mistralai/Mistral-7B-Instruct-v0.2',
        training_file: fileId,
        suffix: `${tag}-${i}`,
        n_epochs: 20,
      };
      return (await postJson<{ id: string }>(`${api}/fine-tunes`, body)).id;
    }),
  async listAll(api) {
    const page = await call<{ data: ListedJob[] }>(`${api}/fine-tunes`);
    return page.data.map(({ id, status }) => ({ id, status }));
  },
};
