import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FineTuningBackend } from '../../../src/backend/backend.js';
import { BackendError } from '../../../src/backend/errors.js';
import { OPENAI_CAPABILITIES } from '../../../src/backend/openai/capabilities.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { toJobId } from '../../../src/sandbox/openai/ids.js';
import { progressOf } from '../../../src/views/progress.js';
import { manualClock } from '../../sandbox/support.js';
import { caught, openaiSandbox } from './support.js';

describe('the OpenAI adapter against the sandbox (real SDK, real HTTP)', () => {
  let sandbox: Sandbox;
  let backend: FineTuningBackend;
  const clock = manualClock();

  beforeAll(async () => {
    ({ sandbox, backend } = await openaiSandbox({ now: clock.now, speed: 100 }));
  });
  afterAll(() => sandbox.close());

  const trainFile = async () => {
    const files = await backend.listFiles();
    const f = files.find((x) => x.filename === 'support-chat-train.jsonl');
    if (!f) throw new Error('no seeded training file');
    return f;
  };

  it('lists seeded jobs in every state newest first, with ftjob- ids and canonical statuses', async () => {
    const page = await backend.listJobs({ pageSize: 50 });
    expect(page.total).toBeNull();
    expect(page.hasMore).toBe(false);
    for (const j of page.jobs) expect(j.id).toMatch(OPENAI_CAPABILITIES.jobIdPattern);
    const created = page.jobs.map((j) => j.created_at);
    expect(created).toEqual([...created].sort((a, b) => b - a));
    expect(new Set(page.jobs.map((j) => j.status))).toEqual(
      new Set(['VALIDATING', 'RUNNING', 'QUEUED', 'FAILED_VALIDATION', 'FAILED', 'CANCELLED', 'SUCCESS']),
    );
  });

  it('walks several cursor pages: page 2 of 10 holds the 21st to 30th job, and hasMore tells the truth', async () => {
    const ids = sandbox.addSyntheticJobs({ count: 35, active: 0 });
    try {
      const all = (await backend.listJobs({ pageSize: 100 })).jobs.map((j) => j.id);
      expect(all).toEqual(expect.arrayContaining(ids.map(toJobId)));
      const p2 = await backend.listJobs({ page: 2, pageSize: 10 });
      expect(p2.jobs.map((j) => j.id)).toEqual(all.slice(20, 30));
      expect(p2.hasMore).toBe(true);
      const last = await backend.listJobs({ page: Math.floor((all.length - 1) / 10), pageSize: 10 });
      expect(last.hasMore).toBe(false);
      expect(last.jobs.at(-1)?.id).toBe(all.at(-1));
      const stats = sandbox.stats();
      expect(stats['GET /v1/fine_tuning/jobs']).toBeGreaterThan(3);
    } finally {
      for (const id of ids) sandbox.removeJob(id);
    }
  });

  it('filters locally while walking: status, model and W&B project', async () => {
    const succeeded = await backend.listJobs({ status: 'SUCCESS', pageSize: 10 });
    expect(succeeded.jobs.length).toBeGreaterThan(0);
    expect(succeeded.jobs.every((j) => j.status === 'SUCCESS')).toBe(true);
    const small = await backend.listJobs({ model: 'mistral-small-latest' });
    expect(small.jobs.map((j) => j.model)).toEqual(['mistral-small-latest']);
    const wandb = await backend.listJobs({ wandbProject: 'support-bot' });
    expect(wandb.jobs.length).toBe(2);
    expect(
      wandb.jobs.every((j) => j.integrations[0]?.project === 'support-bot' && j.integrations[0].url === null),
    ).toBe(true);
  });

  it('a running job shows progress from its metrics events, and its loss points', async () => {
    const running = (await backend.listJobs({ status: 'RUNNING' })).jobs[0];
    if (!running) throw new Error('no running job');
    const d = await backend.getJob(running.id);
    expect(d.hyperparameters.training_steps).toBe(300);
    expect(d.checkpoints.length).toBeGreaterThan(0);
    expect(d.checkpoints[0]?.metrics.train_loss).toEqual(expect.any(Number));
    const p = progressOf(d);
    expect(p?.total).toBe(300);
    expect(p?.percent).toBeGreaterThanOrEqual(30);
    expect(p?.percent).toBeLessThan(50);
  });

  it('a failed job on bad data reads FAILED_VALIDATION with the file and line in its last event', async () => {
    const failed = (await backend.listJobs({ status: 'FAILED_VALIDATION' })).jobs[0];
    if (!failed) throw new Error('no job failed validation');
    const d = await backend.getJob(failed.id);
    const last = d.events.at(-1);
    expect(last?.name).toBe('status-updated');
    expect(String(last?.data?.error)).toContain('broken-train.jsonl line 3');
  });

  it('a succeeded job has its fine-tuned model, its suffix parsed from the name, and trained tokens', async () => {
    const ok = (await backend.listJobs({ status: 'SUCCESS', suffix: 'support-bot' })).jobs[0];
    expect(ok?.fine_tuned_model).toMatch(/^ft:open-mistral-7b:sandbox-org:support-bot:/);
    expect(ok?.suffix).toBe('support-bot');
    expect(ok?.trained_tokens).toBeGreaterThan(0);
    expect(ok?.validation_files).toHaveLength(1);
  });

  it('creates, follows and cancels a job through its whole lifecycle (injected clock)', async () => {
    const file = await trainFile();
    const job = await backend.createJob({
      model: 'gpt-4o-mini-2024-07-18',
      training_files: [{ file_id: file.id }],
      hyperparameters: { epochs: 2 },
      suffix: 'life',
      integrations: [{ type: 'wandb', project: 'proj', name: 'run-1', api_key: 'w'.repeat(40) }],
      auto_start: true,
    });
    expect(job).toMatchObject({ status: 'VALIDATING', auto_start: true, job_type: 'completion' });
    expect(job.hyperparameters.epochs).toBe(2);
    expect(job.integrations).toEqual([
      { type: 'wandb', project: 'proj', name: 'run-1', run_name: null, url: null },
    ]);
    const seen: string[] = [];
    // At speed 100 the queued phase lasts 30 ms of sandbox time: steps of 10 ms see every state.
    for (let i = 0; i < 400 && seen.at(-1) !== 'SUCCESS'; i++) {
      const d = await backend.getJob(job.id);
      if (seen.at(-1) !== d.status) seen.push(d.status);
      clock.advance(10);
    }
    expect(seen).toEqual(['VALIDATING', 'QUEUED', 'RUNNING', 'SUCCESS']);
    const done = await backend.getJob(job.id);
    expect(progressOf(done)?.percent).toBe(100);
    expect(done.fine_tuned_model).toMatch(/:life:/);
    // A finished job cannot be cancelled: the provider's 400 comes back as a BackendError.
    const e = await caught(backend.cancelJob(job.id));
    expect(e).toBeInstanceOf(BackendError);
    expect((e as BackendError).kind).toBe('invalid_request');
  });

  it('cancels a running job at once', async () => {
    const file = await trainFile();
    const job = await backend.createJob({
      model: 'gpt-4o-mini-2024-07-18',
      training_files: [{ file_id: file.id }],
      hyperparameters: { epochs: 50 },
      auto_start: true,
    });
    clock.advance(200);
    const d = await backend.cancelJob(job.id);
    expect(d.status).toBe('CANCELLED');
    expect(d.events.at(-1)).toMatchObject({ name: 'status-updated', data: { status: 'CANCELLED' } });
  });

  it('refuses what the API cannot express instead of dropping it', async () => {
    const file = await trainFile();
    const e = (await caught(
      backend.createJob({
        model: 'gpt-4o-mini-2024-07-18',
        training_files: [{ file_id: file.id }, { file_id: file.id }],
        hyperparameters: { learning_rate: 1e-4 },
        auto_start: true,
      }),
    )) as BackendError;
    expect(e.kind).toBe('invalid_request');
    expect(e.fieldProblems.map((p) => p.loc)).toEqual([
      ['training_files'],
      ['hyperparameters', 'learning_rate'],
    ]);
  });

  it("puts the provider's 400 on the field it names (a model that is not fine-tunable)", async () => {
    const file = await trainFile();
    const e = (await caught(
      backend.createJob({
        model: 'whisper-1',
        training_files: [{ file_id: file.id }],
        hyperparameters: {},
        auto_start: true,
      }),
    )) as BackendError;
    expect(e.kind).toBe('invalid_request');
    expect(e.fieldProblems[0]?.loc).toEqual(['model']);
  });

  it('has no start: startJob says the provider starts jobs when they are created', async () => {
    const e = (await caught(backend.startJob('ftjob-0123456789abcdef'))) as BackendError;
    expect(e.kind).toBe('invalid_request');
    expect(e.message).toContain('starts jobs when they are created');
  });

  it('estimates trained tokens from the file content × epochs, with no cost', async () => {
    const file = await trainFile();
    const req = { model: 'gpt-4o-mini-2024-07-18', training_files: [{ file_id: file.id }], auto_start: true };
    const three = await backend.estimateJob({ ...req, hyperparameters: { epochs: 3 } });
    expect(three.data_tokens).toBe(Math.ceil(file.bytes / 4));
    expect(three.train_tokens).toBe(3 * Math.ceil(file.bytes / 4));
    expect(three.cost).toBeNull();
    const auto = await backend.estimateJob({ ...req, hyperparameters: {} });
    expect(auto.epochs).toBeNull();
    expect(auto.train_tokens).toBe(auto.data_tokens);
  });

  it('lists fine-tune files newest first and returns a file’s bytes', async () => {
    const files = await backend.listFiles();
    expect(
      files.every((f) => f.purpose === 'fine-tune' && OPENAI_CAPABILITIES.fileIdPattern.test(f.id)),
    ).toBe(true);
    expect(files.map((f) => f.filename)).not.toContain('nightly-batch.jsonl');
    const times = files.map((f) => f.created_at);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const file = await trainFile();
    const bytes = await backend.getFileContent(file.id);
    expect(bytes.byteLength).toBe(file.bytes);
    expect(new TextDecoder().decode(bytes).split('\n')[0]).toContain('"messages"');
  });

  it('lists models: chat bases fine-tunable, embeddings and speech not, fine-tuned ones with their root', async () => {
    const models = await backend.listModels();
    const byId = new Map(models.map((m) => [m.id, m]));
    expect(byId.get('gpt-4o-mini-2024-07-18')?.fine_tunable).toBe(true);
    expect(byId.get('Ministral-3B')?.fine_tunable).toBe(true);
    expect(byId.get('text-embedding-3-small')?.fine_tunable).toBe(false);
    expect(byId.get('whisper-1')?.fine_tunable).toBe(false);
    const tuned = models.find((m) => m.type === 'fine-tuned');
    expect(tuned?.root).toBe('open-mistral-7b');
  });
});
