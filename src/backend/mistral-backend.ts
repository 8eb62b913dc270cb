import { HTTPClient, Mistral } from '@mistralai/mistralai';
import {
  type CreateJobRequest,
  hyperparametersToCamel,
  type JobDetails,
  type JobPage,
  type ListJobsQuery,
} from '../domain/job.js';
import { type FineTuningBackend, UPLOAD_TIMEOUT_MS, uploadName } from './backend.js';
import { MISTRAL_CAPABILITIES } from './capabilities.js';

/** Jobs per page of a status scan (the poller's). */
const SCAN_PAGE_SIZE = 100;

import { turnTakingFetch } from '../lib/turn-fetch.js';
import { yieldTurn } from '../lib/turns.js';
import { checkAnswer } from './check-answer.js';
import { errorFromStatus, mapSdkError } from './map-error.js';
import { estimateSchema, fileSchema, jobDetailsSchema, jobSchema, modelSchema } from './sdk-schemas.js';

export interface MistralBackendOptions {
  /** Base URL without `/v1`: the SDK appends `/v1/...` itself. */
  serverURL: string;
  apiKey: string;
  /** Shown to users: "Mistral" or "Mistral sandbox". */
  label: string;
  /** Per request. Interactive handlers must not hang on a dead backend. */
  timeoutMs?: number;
}

/** The official SDK (2.4.0, the last with `fineTuning.jobs`) behind the backend interface. */
export function createMistralBackend(options: MistralBackendOptions): FineTuningBackend {
  const { serverURL, apiKey, label } = options;
  const timeoutMs = options.timeoutMs ?? 15_000;
  // Retries are the caller's decision (the poller backs off per job); the SDK default is none too.
  // The SDK (~100 MB resident with its schemas) is loaded with this module, which app.ts imports
  // only when Mistral is the provider. Loading it on the first call instead was tried: under load
  // that dynamic import, made while the poller and Bolt were busy, sometimes never settled.
  // Each answer waits its turn before the SDK parses it (lib/turn-fetch.ts).
  const http = turnTakingFetch();
  const client = new Mistral({
    apiKey,
    serverURL,
    timeoutMs,
    retryConfig: { strategy: 'none' },
    httpClient: new HTTPClient({ fetcher: http }),
  });

  async function call<T>(what: string, fn: (client: Mistral) => Promise<T>): Promise<T> {
    let answer: T;
    try {
      answer = await fn(client);
    } catch (e) {
      throw mapSdkError(e, what, label);
    }
    // The answer's checking and what the caller builds from it wait their turn (see lib/turns.ts):
    // answers that land together no longer hold up the acks of requests read behind them.
    await yieldTurn();
    return answer;
  }

  // SDK 2.4.0 returns malformed jobs as `{isUnknown: true, raw}`: that is a backend error, not a blank card.
  const check = checkAnswer;

  const details = (what: string, v: unknown): JobDetails => check(what, jobDetailsSchema, v);

  function toSdkCreate(r: CreateJobRequest) {
    const h = r.hyperparameters;
    return {
      model: r.model,
      jobType: r.job_type,
      trainingFiles: r.training_files.map((f) => ({ fileId: f.file_id, weight: f.weight ?? 1 })),
      validationFiles: r.validation_files,
      suffix: r.suffix,
      autoStart: r.auto_start,
      hyperparameters: hyperparametersToCamel(h),
      integrations: r.integrations?.map((i) => ({
        type: 'wandb' as const,
        project: i.project,
        name: i.name,
        runName: i.run_name,
        apiKey: i.api_key,
      })),
    };
  }

  async function listJobs(query: ListJobsQuery = {}): Promise<JobPage> {
    const page = query.page ?? 0;
    const pageSize = query.pageSize ?? 100;
    const res = await call('the job list', (client) =>
      client.fineTuning.jobs.list({
        page,
        pageSize,
        model: query.model,
        status: query.status,
        suffix: query.suffix,
        wandbProject: query.wandbProject,
        wandbName: query.wandbName,
        createdAfter: query.createdAfter,
        createdBefore: query.createdBefore,
        createdByMe: query.createdByMe ?? false,
      }),
    );
    const jobs = (res.data ?? []).map((j) => check('a job in the list', jobSchema, j));
    return { jobs, total: res.total, hasMore: (page + 1) * pageSize < res.total, page, pageSize };
  }

  return {
    label,
    capabilities: MISTRAL_CAPABILITIES,

    listJobs,

    async *scanJobs(createdAfterSeconds) {
      const createdAfter = new Date(createdAfterSeconds * 1000);
      for (let page = 0; ; page++) {
        const res = await listJobs({ page, pageSize: SCAN_PAGE_SIZE, createdAfter });
        // Whether created_after includes its own second is not documented: strictly after, as promised.
        yield {
          jobs: res.jobs.filter((j) => j.created_at > createdAfterSeconds),
          total: res.total ?? undefined,
        };
        if (!res.hasMore || res.jobs.length === 0) return;
      }
    },

    async getJob(jobId) {
      const what = `job ${jobId}`;
      return details(what, await call(what, (client) => client.fineTuning.jobs.get({ jobId })));
    },

    async createJob(request) {
      const res = await call('the new job', (client) => client.fineTuning.jobs.create(toSdkCreate(request)));
      return check('the new job', jobSchema, res);
    },

    async estimateJob(request) {
      // No SDK exposes `dry_run` (it is a legacy parameter), so this one call is raw HTTP.
      const body = JSON.stringify(toWireCreate(request));
      const url = new URL(
        '/v1/fine_tuning/jobs?dry_run=true',
        serverURL.endsWith('/') ? serverURL : `${serverURL}/`,
      );
      let res: Response;
      try {
        res = await http(url, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${apiKey}`,
            'content-type': 'application/json',
            accept: 'application/json',
          },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (e) {
        throw mapSdkError(e, 'the estimate', label);
      }
      const text = await res.text();
      if (!res.ok) throw errorFromStatus(res.status, text, res.headers, 'the estimate', label);
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (e) {
        throw mapSdkError(e, 'the estimate', label);
      }
      return check('the estimate', estimateSchema, parsed);
    },

    async startJob(jobId) {
      const what = `job ${jobId}`;
      return details(what, await call(what, (client) => client.fineTuning.jobs.start({ jobId })));
    },

    async cancelJob(jobId) {
      const what = `job ${jobId}`;
      return details(what, await call(what, (client) => client.fineTuning.jobs.cancel({ jobId })));
    },

    async listFiles() {
      const res = await call('the file list', (client) =>
        client.files.list({ purpose: 'fine-tune', pageSize: 100, page: 0 }),
      );
      return res.data.map((f) => check('a file', fileSchema, f)).sort((a, b) => b.created_at - a.created_at);
    },

    async listModels() {
      const res = await call('the model list', (client) => client.models.list());
      return (res.data ?? []).map((m) => check('a model', modelSchema, m));
    },

    async getFileContent(fileId) {
      const stream = await call('the file', (client) => client.files.download({ fileId }));
      return new Uint8Array(await new Response(stream).arrayBuffer());
    },

    async uploadFile({ filename, content }) {
      const fileName = uploadName(filename);
      const what = `the upload of ${fileName}`;
      const res = await call(what, (client) =>
        client.files.upload(
          { file: { fileName, content }, purpose: 'fine-tune' },
          { timeoutMs: Math.max(timeoutMs, UPLOAD_TIMEOUT_MS) },
        ),
      );
      return check(what, fileSchema, res);
    },
  };
}

/** The create body in Mistral's wire format (snake_case), for the raw dry-run call. */
export function toWireCreate(r: CreateJobRequest): Record<string, unknown> {
  const hyperparameters = Object.fromEntries(
    Object.entries(r.hyperparameters).filter(([, v]) => v !== null && v !== undefined),
  );
  return {
    model: r.model,
    job_type: r.job_type,
    training_files: r.training_files.map((f) => ({ file_id: f.file_id, weight: f.weight ?? 1 })),
    validation_files: r.validation_files,
    suffix: r.suffix,
    auto_start: r.auto_start,
    hyperparameters,
    integrations: r.integrations,
  };
}
