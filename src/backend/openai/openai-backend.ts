import OpenAI, { toFile as sdkFile } from 'openai';
import { estimateTokens } from '../../data/jsonl.js';
import type { Job, JobEstimate, JobPage, ListJobsQuery } from '../../domain/job.js';
import { turnTakingFetch } from '../../lib/turn-fetch.js';
import { yieldTurn } from '../../lib/turns.js';
import { type FineTuningBackend, UPLOAD_TIMEOUT_MS, uploadName } from '../backend.js';
import { checkAnswer, type Parser } from '../check-answer.js';
import { BackendError } from '../errors.js';
import { OPENAI_CAPABILITIES } from './capabilities.js';
import { mapOpenAIError } from './map-error.js';
import { toCreateBody } from './requests.js';
import { toDetails, toFile, toJob, toModel } from './to-canonical.js';
import {
  type WireCheckpoint,
  type WireEvent,
  type WireJob,
  wireCheckpoint,
  wireEvent,
  wireFile,
  wireJob,
  wireModel,
  wirePage,
} from './wire-schemas.js';

export interface OpenAIBackendOptions {
  apiKey: string;
  /**
   * The full `/v1` root: `https://api.openai.com/v1`, Azure's
   * `https://<resource>.openai.azure.com/openai/v1/`, Nebius's `https://api.tokenfactory.nebius.com/v1/`.
   */
  baseURL: string;
  /** Shown to users: "OpenAI", "Azure AI Foundry", "OpenAI-compatible sandbox". */
  label: string;
  /** Per request; the SDK's default is 10 minutes, far too long for a Slack handler. */
  timeoutMs?: number;
  /** The SDK retries 408/409/429/5xx and timeouts, honouring Retry-After (≤ 60 s). At most 2. */
  maxRetries?: number;
}

/** Cursor pages walked for one list call before giving up and saying "more follow". */
const MAX_LIST_REQUESTS = 20;
/**
 * Every upload expires 30 days after it was created, the longest the spec allows (3600–2592000 s).
 * Azure's v1 API requires `expires_after` on uploads; OpenAI accepts it. A training file is read
 * when the job starts, so a job created from it within 30 days is unaffected.
 */
export const UPLOAD_EXPIRES_AFTER = { anchor: 'created_at', seconds: 2_592_000 } as const;
/** Events and checkpoints read per job: the newest, which is what a card shows. */
const HISTORY_LIMIT = 100;

/** The official `openai` SDK behind the backend interface, for OpenAI and the APIs that copy it. */
export function createOpenAIBackend(options: OpenAIBackendOptions): FineTuningBackend {
  const { label } = options;
  const timeout = options.timeoutMs ?? 30_000;
  const client = new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseURL,
    timeout,
    maxRetries: Math.min(2, Math.max(0, options.maxRetries ?? 2)),
    // Each answer waits its turn before the SDK parses it (lib/turn-fetch.ts).
    fetch: turnTakingFetch(),
  });

  async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    let answer: T;
    try {
      answer = await fn();
    } catch (e) {
      throw mapOpenAIError(e, what, label);
    }
    // What the caller builds from the answer waits its turn (see lib/turns.ts).
    await yieldTurn();
    return answer;
  }

  const check = checkAnswer;

  /**
   * One page, its items checked. The raw body is read, not the page object: the SDK turns a
   * missing `data` into an empty list, which would show a malformed answer as "no jobs".
   */
  function page<T>(what: string, item: Parser<T>, res: object): { data: T[]; hasMore: boolean } {
    const raw = 'body' in res ? res.body : res;
    const p = check(what, wirePage, raw);
    return { data: p.data.map((d) => check(what, item, d)), hasMore: p.has_more === true };
  }

  const matches = (q: ListJobsQuery) => (j: Job) =>
    (q.status === undefined || j.status === q.status) &&
    (q.model === undefined || j.model === q.model) &&
    (q.suffix === undefined || j.suffix === q.suffix) &&
    (q.wandbProject === undefined || j.integrations.some((i) => i.project === q.wandbProject)) &&
    (q.wandbName === undefined || j.integrations.some((i) => i.name === q.wandbName)) &&
    (q.createdAfter === undefined || j.created_at * 1000 >= q.createdAfter.getTime()) &&
    (q.createdBefore === undefined || j.created_at * 1000 < q.createdBefore.getTime());

  const filtered = (q: ListJobsQuery) =>
    [q.status, q.model, q.suffix, q.wandbProject, q.wandbName, q.createdAfter, q.createdBefore].some(
      (v) => v !== undefined,
    );

  async function jobDetails(jobId: string) {
    const what = `job ${jobId}`;
    const [job, events, checkpoints] = await Promise.all([
      call(what, () => client.fineTuning.jobs.retrieve(jobId)),
      call(what, () => client.fineTuning.jobs.listEvents(jobId, { limit: HISTORY_LIMIT })),
      call(what, () => client.fineTuning.jobs.checkpoints.list(jobId, { limit: HISTORY_LIMIT })),
    ]);
    return toDetails(
      check(what, wireJob, job),
      page<WireEvent>(what, wireEvent, events).data,
      page<WireCheckpoint>(what, wireCheckpoint, checkpoints).data,
    );
  }

  /** The provider's words on a refused file, without the key should it ever echo one. */
  const reason = (details: string | null | undefined) =>
    details ? details.replaceAll(options.apiKey, '***').slice(0, 500) : 'it gave no reason';

  async function fileContent(fileId: string): Promise<Uint8Array> {
    // The SDK asks for `application/binary`; the spec declares the content as JSON and OpenAI sends
    // octet-stream. Any type will do for bytes, and a strict server would otherwise answer 406.
    const res = await call('the file', () => client.files.content(fileId, { headers: { Accept: '*/*' } }));
    return call('the file', async () => new Uint8Array(await res.arrayBuffer()));
  }

  return {
    label,
    capabilities: OPENAI_CAPABILITIES,

    /**
     * Walks cursor pages (newest first, as the API returns them) up to the requested page. The API
     * filters nothing but metadata, so the query's filters are applied here while walking.
     */
    async listJobs(query: ListJobsQuery = {}): Promise<JobPage> {
      const pageNo = query.page ?? 0;
      const pageSize = query.pageSize ?? 20;
      const want = (pageNo + 1) * pageSize;
      const limit = filtered(query) ? 100 : Math.min(100, pageSize);
      const keep = matches(query);
      const found: Job[] = [];
      let after: string | undefined;
      let more = true;
      // Stop once the page is full: `has_more` says whether another follows, no extra request needed.
      for (let i = 0; i < MAX_LIST_REQUESTS && more && found.length < want; i++) {
        const res = await call('the job list', () =>
          client.fineTuning.jobs.list(after === undefined ? { limit } : { limit, after }),
        );
        const p = page<WireJob>('a job in the list', wireJob, res);
        found.push(...p.data.map((j) => toJob(j)).filter(keep));
        more = p.hasMore && p.data.length > 0;
        after = p.data[p.data.length - 1]?.id;
      }
      const jobs = found.slice(pageNo * pageSize, want);
      return { jobs, total: null, hasMore: found.length > want || more, page: pageNo, pageSize };
    },

    // Newest first, a cursor per page: stop at the first job older than the window.
    async *scanJobs(createdAfterSeconds) {
      let after: string | undefined;
      for (;;) {
        const res = await call('the job list', () =>
          client.fineTuning.jobs.list(after === undefined ? { limit: 100 } : { limit: 100, after }),
        );
        const p = page<WireJob>('a job in the list', wireJob, res);
        const jobs = p.data.map((j) => toJob(j));
        const inWindow = jobs.filter((j) => j.created_at > createdAfterSeconds);
        yield { jobs: inWindow };
        if (!p.hasMore || inWindow.length < jobs.length || p.data.length === 0) return;
        after = p.data[p.data.length - 1]?.id;
      }
    },

    getJob: jobDetails,

    async createJob(request) {
      const body = toCreateBody(request);
      const res = await call('the new job', () => client.fineTuning.jobs.create(body));
      return toJob(check('the new job', wireJob, res));
    },

    /** Trained tokens ≈ tokens in the training file × epochs (1 when the provider picks): no price route. */
    async estimateJob(request): Promise<JobEstimate> {
      const body = toCreateBody(request);
      const bytes = await fileContent(body.training_file);
      const dataTokens = estimateTokens(bytes.byteLength);
      const epochs = body.method.supervised.hyperparameters.n_epochs ?? null;
      return {
        data_tokens: dataTokens,
        train_tokens: dataTokens * (epochs ?? 1),
        epochs,
        training_steps: null,
        cost: null,
        cost_currency: null,
        expected_duration_seconds: null,
        train_tokens_per_step: null,
        estimated_start_time: null,
        details: null,
      };
    },

    async startJob(jobId) {
      throw new BackendError(
        'invalid_request',
        `job ${jobId}: ${label} starts jobs when they are created; there is no start`,
      );
    },

    async cancelJob(jobId) {
      await call(`job ${jobId}`, () => client.fineTuning.jobs.cancel(jobId));
      return jobDetails(jobId);
    },

    async listFiles() {
      const res = await call('the file list', () => client.files.list({ purpose: 'fine-tune', limit: 100 }));
      return page('a file', wireFile, res)
        .data.filter((f) => f.purpose === 'fine-tune')
        .map(toFile)
        .sort((a, b) => b.created_at - a.created_at);
    },

    async listModels() {
      const res = await call('the model list', () => client.models.list());
      return page('a model', wireModel, res).data.map(toModel);
    },

    getFileContent: fileContent,

    async uploadFile({ filename, content }) {
      const name = uploadName(filename);
      const what = `the upload of ${name}`;
      const res = await call(what, async () =>
        client.files.create(
          { file: await sdkFile(content, name), purpose: 'fine-tune', expires_after: UPLOAD_EXPIRES_AFTER },
          { timeout: Math.max(timeout, UPLOAD_TIMEOUT_MS) },
        ),
      );
      const file = check(what, wireFile, res);
      if (file.status === 'error') {
        throw new BackendError('invalid_request', `${label} refused ${name}: ${reason(file.status_details)}`);
      }
      return toFile(file);
    },
  };
}
