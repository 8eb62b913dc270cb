import { randomBytes } from 'node:crypto';
import type { FineTuningBackend } from '../backend/backend.js';
import { BackendError } from '../backend/errors.js';
import { checkTrainingFile } from '../data/jsonl.js';
import { DRAFT_ID, isDraftId } from '../domain/draft.js';
import type { CreateJobRequest, Job, JobDetails, JobPage, ListJobsQuery } from '../domain/job.js';
import { createKeyedLock } from '../lib/keyed-lock.js';
import { DRAFT_EXPIRES_SECONDS, type DraftRecord, type DraftStore } from './draft-store.js';

const either = (a: RegExp, b: RegExp) => new RegExp(`(?:${a.source})|(?:${b.source})`, 'i');

export interface DraftOptions {
  store: DraftStore;
  /** Milliseconds since the epoch. */
  now: () => number;
}

/**
 * Estimate, then start, on a provider with no start gate: a create with auto start off becomes a
 * draft the bot holds (the bot's own JSONL checks of the files, the provider's estimate), shown as
 * VALIDATED with a Start button like Mistral's; the provider's job is created at Start. Everything
 * else passes through. The draft's id stays the job's id in the bot (cards, watches, commands);
 * the provider's id is `provider_job_id`.
 */
export function withBotDrafts(inner: FineTuningBackend, o: DraftOptions): FineTuningBackend {
  // The W&B key of a draft, until its Start: memory only, never stored (a restart forgets it).
  const wandbKeys = new Map<string, string>();
  const oneStart = createKeyedLock();
  const nowS = () => Math.floor(o.now() / 1000);

  async function draft(id: string): Promise<DraftRecord> {
    const d = await o.store.get(id.trim().toLowerCase());
    if (!d) throw new BackendError('not_found', `There is no job ${id} on ${inner.label}.`);
    return d;
  }

  const expired = (d: DraftRecord) =>
    d.state === 'VALIDATED' && nowS() >= d.createdAt + DRAFT_EXPIRES_SECONDS;

  function asJob(d: DraftRecord): JobDetails {
    const r = d.request;
    const state = expired(d) ? 'CANCELLED' : d.state;
    const error = expired(d)
      ? `The draft expired: it waited ${DRAFT_EXPIRES_SECONDS / 86400} days for a start.`
      : d.problem;
    return {
      id: d.id,
      model: r.model,
      status: state,
      job_type: r.job_type ?? 'completion',
      auto_start: false,
      created_at: d.createdAt,
      modified_at: d.modifiedAt,
      training_files: r.training_files.map((f) => f.file_id),
      validation_files: r.validation_files ?? [],
      hyperparameters: r.hyperparameters,
      fine_tuned_model: null,
      suffix: r.suffix ?? null,
      integrations: (r.integrations ?? []).map((i) => ({
        type: 'wandb',
        project: i.project,
        name: i.name ?? null,
        run_name: i.run_name ?? null,
      })),
      trained_tokens: null,
      metadata: d.estimate ?? null,
      events: [
        { name: 'status-updated', data: { status: 'VALIDATING' }, created_at: d.createdAt },
        {
          name: 'status-updated',
          data: { status: state, ...(error ? { error } : {}) },
          created_at: d.modifiedAt,
        },
      ],
      checkpoints: [],
    };
  }

  /** The bot's own checks of every file the job names, before anything is spent. */
  async function checkFiles(r: CreateJobRequest): Promise<string | undefined> {
    const ids = [...r.training_files.map((f) => f.file_id), ...(r.validation_files ?? [])];
    for (const id of ids) {
      const check = checkTrainingFile(id, await inner.getFileContent(id), r.job_type ?? 'completion');
      if (!check.ok) return check.error;
    }
    return undefined;
  }

  async function openDrafts(q: ListJobsQuery): Promise<Job[]> {
    const records = await Promise.all((await o.store.ids()).map((id) => o.store.get(id)));
    return (
      records
        .filter((d): d is DraftRecord => d !== undefined && d.state === 'VALIDATED')
        .map(asJob)
        // An expired draft waits for nobody: it leaves the list (its card says why).
        .filter(
          (j) =>
            j.status === 'VALIDATED' &&
            (!q.status || j.status === q.status) &&
            (!q.model || j.model === q.model) &&
            (!q.suffix || j.suffix === q.suffix) &&
            (!q.wandbProject || j.integrations.some((i) => i.project === q.wandbProject)),
        )
    );
  }

  const caps = inner.capabilities;
  return {
    label: inner.label,
    // Typed references may name a draft too.
    capabilities: {
      ...caps,
      jobIdPattern: either(caps.jobIdPattern, DRAFT_ID),
      jobIdAlphabet: either(caps.jobIdAlphabet, /^[a-z0-9-]+$/i),
    },

    async listJobs(q: ListJobsQuery = {}): Promise<JobPage> {
      const page = await inner.listJobs(q);
      // Drafts are few and waiting for someone: they lead the first page.
      if ((q.page ?? 0) !== 0) return page;
      const drafts = await openDrafts(q);
      return {
        ...page,
        jobs: [...drafts, ...page.jobs],
        total: page.total === null ? null : page.total + drafts.length,
      };
    },

    // Drafts are not the provider's: they are never in its list (their GET reads the draft store).
    scanJobs: (createdAfterSeconds) => inner.scanJobs(createdAfterSeconds),

    async getJob(id) {
      if (!isDraftId(id)) return inner.getJob(id);
      const d = await draft(id);
      if (!d.jobId) return asJob(d);
      return { ...(await inner.getJob(d.jobId)), id: d.id, provider_job_id: d.jobId };
    },

    async createJob(r) {
      if (r.auto_start) return inner.createJob(r);
      const at = nowS();
      const problem = await checkFiles(r);
      const estimate = problem ? undefined : await inner.estimateJob(r);
      const key = r.integrations?.find((i) => i.api_key)?.api_key;
      const record: DraftRecord = {
        id: `draft-${randomBytes(6).toString('hex')}`,
        request: {
          ...r,
          integrations: r.integrations?.map(({ api_key: _secret, ...rest }) => ({ ...rest, api_key: '' })),
        },
        createdAt: at,
        modifiedAt: at,
        state: problem ? 'FAILED_VALIDATION' : 'VALIDATED',
        estimate,
        problem,
        wandbKeyGiven: key !== undefined,
      };
      await o.store.put(record);
      if (key) wandbKeys.set(record.id, key);
      return asJob(record);
    },

    estimateJob: (r) => inner.estimateJob(r),

    async startJob(id) {
      if (!isDraftId(id)) return inner.startJob(id);
      // Two clicks at once in one process start one job; the state check below covers the rest.
      return oneStart(id, async () => {
        const d = await draft(id);
        const job = asJob(d);
        if (d.state !== 'VALIDATED' || job.status !== 'VALIDATED') {
          throw new BackendError('conflict', `job ${id} is ${job.status}, not waiting for a start`, {
            status: 409,
          });
        }
        const key = wandbKeys.get(d.id);
        // A provider that takes the key per job gets it back; without it (a restart since the form),
        // W&B logging is dropped rather than sent keyless. Others never took a key.
        const perJobKey = inner.capabilities.wandb.perJobKey;
        const integrations =
          perJobKey && !key ? undefined : d.request.integrations?.map((i) => ({ ...i, api_key: key ?? '' }));
        const created = await inner.createJob({ ...d.request, integrations, auto_start: true });
        wandbKeys.delete(d.id);
        await o.store.put({ ...d, state: 'STARTED', jobId: created.id, modifiedAt: nowS() });
        return { ...(await inner.getJob(created.id)), id: d.id, provider_job_id: created.id };
      });
    },

    async cancelJob(id) {
      if (!isDraftId(id)) return inner.cancelJob(id);
      const d = await draft(id);
      if (d.jobId) return { ...(await inner.cancelJob(d.jobId)), id: d.id, provider_job_id: d.jobId };
      const job = asJob(d);
      if (job.status !== 'VALIDATED') {
        throw new BackendError('conflict', `job ${id} is ${job.status}`, { status: 409 });
      }
      wandbKeys.delete(d.id);
      const cancelled: DraftRecord = { ...d, state: 'CANCELLED', modifiedAt: nowS() };
      await o.store.put(cancelled);
      return asJob(cancelled);
    },

    listFiles: () => inner.listFiles(),
    listModels: () => inner.listModels(),
    getFileContent: (fileId) => inner.getFileContent(fileId),
    uploadFile: (input) => inner.uploadFile(input),
  };
}
