import Together from 'together-ai';
import type { FileInfo, Job, JobEstimate, JobPage, ListJobsQuery, ModelInfo } from '../../domain/job.js';
import { turnTakingFetch } from '../../lib/turn-fetch.js';
import { yieldTurn } from '../../lib/turns.js';
import { type FineTuningBackend, UPLOAD_TIMEOUT_MS, uploadName } from '../backend.js';
import { checkAnswer, type Parser } from '../check-answer.js';
import { BackendError } from '../errors.js';
import { TOGETHER_CAPABILITIES } from './capabilities.js';
import { toTogetherCreate, toTogetherEstimate } from './create-body.js';
import { guardedFetch } from './guarded-fetch.js';
import { filterJobs } from './list-filter.js';
import { type ErrorContext, mapTogetherError } from './map-error.js';
import { detailsFromTogether, jobFromTogether } from './map-job.js';
import {
  type WireFile,
  wireCheckpointList,
  wireEstimate,
  wireEventList,
  wireFileList,
  wireJob,
  wireJobList,
  wireMetrics,
  wireSupportedModels,
  wireUploadedFile,
} from './wire-schemas.js';

export interface TogetherBackendOptions {
  apiKey: string;
  /** With `/v1`, e.g. https://api.together.ai/v1 (the SDK appends `/fine-tunes`, …). */
  baseURL: string;
  /** Shown to users: "Together" or "Together sandbox". */
  label: string;
  /** Per request. Interactive handlers must not hang on a dead backend. */
  timeoutMs?: number;
  /** 0–2, default 1: one quick retry of a transient failure; the poller backs off on its own. */
  maxRetries?: number;
  /** The transport under the SDK; tests record answers with it. Default: the global fetch. */
  fetch?: typeof fetch;
}

const DEFAULT_PAGE_SIZE = 100;

function toFileInfo(f: WireFile): FileInfo {
  return {
    id: f.id,
    filename: f.filename,
    bytes: f.bytes,
    num_lines: f.line_count ?? null,
    purpose: f.purpose,
    created_at: f.created_at,
  };
}

/** The together-ai SDK (0.52.0) behind the backend interface. Its files.upload()/checkFile are not used. */
export function createTogetherBackend(options: TogetherBackendOptions): FineTuningBackend {
  const { apiKey, baseURL, label } = options;
  const maxRetries = Math.min(2, Math.max(0, options.maxRetries ?? 1));
  const timeout = options.timeoutMs ?? 30_000;
  const client = new Together({
    apiKey,
    baseURL,
    timeout,
    maxRetries,
    // Each answer waits its turn before the SDK parses it (lib/turn-fetch.ts).
    fetch: guardedFetch(turnTakingFetch(options.fetch)),
  });

  async function call<T>(
    what: string,
    fn: () => Promise<unknown>,
    schema: Parser<T>,
    secrets: string[] = [],
  ) {
    const ctx: ErrorContext = { what, label, secrets: [apiKey, ...secrets] };
    let value: unknown;
    try {
      value = await fn();
    } catch (e) {
      throw mapTogetherError(e, ctx);
    }
    // The answer's checking and what the caller builds from it wait their turn (see lib/turns.ts).
    await yieldTurn();
    return checkAnswer(what, schema, value);
  }

  /** Metrics and checkpoints of a job that has not trained yet may be missing: that is "none yet". */
  async function orEmpty<T>(p: Promise<T>, empty: T): Promise<T> {
    try {
      return await p;
    } catch (e) {
      if (e instanceof BackendError && e.kind === 'not_found') return empty;
      throw e;
    }
  }

  /** Like Promise.all, but settles every call first: no request is still in flight when it throws. */
  async function allOf<T extends readonly unknown[]>(calls: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
    const settled = await Promise.allSettled(calls);
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
  }

  async function getJob(jobId: string) {
    const what = `job ${jobId}`;
    // wandb_url comes from retrieve and the events, never from the list.
    const [job, events, metrics, saved] = await allOf([
      call(what, () => client.fineTuning.retrieve(jobId), wireJob),
      call(what, () => client.fineTuning.listEvents(jobId), wireEventList),
      orEmpty(
        call(what, () => client.fineTuning.listMetrics(jobId), wireMetrics),
        { metrics: [] },
      ),
      orEmpty(
        call(what, () => client.fineTuning.listCheckpoints(jobId), wireCheckpointList),
        { data: [] },
      ),
    ] as const);
    return detailsFromTogether(job, events.data, metrics.metrics, saved.data);
  }

  return {
    label,
    capabilities: TOGETHER_CAPABILITIES,

    async listJobs(query: ListJobsQuery = {}): Promise<JobPage> {
      const page = Math.max(0, query.page ?? 0);
      const pageSize = Math.max(1, query.pageSize ?? DEFAULT_PAGE_SIZE);
      const res = await call('the job list', () => client.fineTuning.list(), wireJobList);
      const matches = filterJobs(res.data, query);
      const jobs: Job[] = matches
        .slice(page * pageSize, (page + 1) * pageSize)
        .map((j) => jobFromTogether(j));
      return { jobs, total: matches.length, hasMore: (page + 1) * pageSize < matches.length, page, pageSize };
    },

    // The list has every job in one answer: one request covers the whole window.
    async *scanJobs(createdAfterSeconds) {
      const res = await call('the job list', () => client.fineTuning.list(), wireJobList);
      const jobs = res.data.map((j) => jobFromTogether(j)).filter((j) => j.created_at > createdAfterSeconds);
      yield { jobs, total: jobs.length };
    },

    getJob,

    async createJob(request) {
      const body = toTogetherCreate(request);
      const secrets = body.wandb_api_key ? [body.wandb_api_key] : [];
      const job = await call('the new job', () => client.fineTuning.create(body), wireJob, secrets);
      return jobFromTogether(job);
    },

    async estimateJob(request): Promise<JobEstimate> {
      const body = toTogetherEstimate(toTogetherCreate(request));
      const e = await call('the estimate', () => client.fineTuning.estimatePrice(body), wireEstimate);
      // The estimate is in dollars (`user_limit` is "in dollars" beside it), unlike a job's total_price.
      return {
        cost: e.estimated_total_price ?? null,
        cost_currency: e.estimated_total_price == null ? null : 'USD',
        train_tokens: e.estimated_train_token_count ?? null,
        epochs: body.n_epochs ?? 1,
        details:
          e.allowed_to_proceed === false
            ? `Together would refuse this job: it is over the account's limit of ${e.user_limit ?? '?'} USD.`
            : null,
      };
    },

    async startJob() {
      throw new BackendError('invalid_request', 'Together starts jobs when they are created');
    },

    async cancelJob(jobId) {
      await call(`job ${jobId}`, () => client.fineTuning.cancel(jobId), wireJob);
      return getJob(jobId);
    },

    async listFiles(): Promise<FileInfo[]> {
      const res = await call('the file list', () => client.files.list(), wireFileList);
      return res.data
        .filter((f) => f.purpose === 'fine-tune')
        .map(toFileInfo)
        .sort((a, b) => b.created_at - a.created_at);
    },

    /**
     * The spec's multipart `POST /files/upload` through the SDK's own transport (auth, retries,
     * error classes). Not `files.upload()`: under ESM it throws where nothing catches it, and it
     * sends the local path as the name to a signed-URL route.
     */
    async uploadFile({ filename, content }): Promise<FileInfo> {
      const name = uploadName(filename);
      const form = new FormData();
      form.append('purpose', 'fine-tune');
      form.append('file_name', name);
      form.append('file_type', 'jsonl');
      form.append('file', new Blob([content as Uint8Array<ArrayBuffer>]), name);
      const file = await call(
        `the upload of ${name}`,
        () => client.post('/files/upload', { body: form, timeout: Math.max(timeout, UPLOAD_TIMEOUT_MS) }),
        wireUploadedFile,
      );
      return toFileInfo(file);
    },

    async listModels(): Promise<ModelInfo[]> {
      // The SDK has no method for this route; its generic transport still checks and retries.
      const res = await call(
        'the model list',
        () => client.get('/fine-tunes/models/supported'),
        wireSupportedModels,
      );
      return res.models.map((id) => ({ id, type: 'base', fine_tunable: true, job: null, root: null }));
    },

    async getFileContent(fileId) {
      const what = `file ${fileId}`;
      const ctx: ErrorContext = { what, label, secrets: [apiKey] };
      try {
        // The SDK asks for `application/binary`; the spec serves text/plain (Prism answers 406).
        const res = await client.files.content(fileId, {
          headers: { Accept: 'text/plain, application/octet-stream;q=0.9, */*;q=0.8' },
        });
        return new Uint8Array(await res.arrayBuffer());
      } catch (e) {
        throw mapTogetherError(e, ctx);
      }
    },
  };
}
