import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FineTuningBackend } from '../../../src/backend/backend.js';
import { BackendError } from '../../../src/backend/errors.js';
import { TOGETHER_CAPABILITIES } from '../../../src/backend/together/index.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { API_KEY, MISTRAL_7B, rejection, request, TRAIN_FILE, togetherSandbox } from './support.js';

describe('Together adapter against the Together sandbox (real SDK, real HTTP)', () => {
  let sandbox: Sandbox;
  let tg: FineTuningBackend;
  let trainId: string;

  beforeAll(async () => {
    ({ sandbox, tg } = await togetherSandbox());
    const files = await tg.listFiles();
    trainId = files.find((f) => f.filename === TRAIN_FILE)?.id ?? '';
  });
  afterAll(() => sandbox.close());

  it('declares what Together can do', () => {
    expect(tg.capabilities).toBe(TOGETHER_CAPABILITIES);
    expect(tg.capabilities.startGate).toBe(false);
    expect(tg.capabilities.maxTrainingFiles).toBe(1);
    expect(tg.capabilities.jobIdPattern.test('ft-8a2c3e34-15b8-4fc5-842e-679b5d82515e')).toBe(true);
    expect(tg.capabilities.jobIdPattern.test('8a2c3e34-15b8-4fc5-842e-679b5d82515e')).toBe(true);
    expect(tg.capabilities.jobIdPattern.test('ft-nope')).toBe(false);
    expect(tg.capabilities.fileIdPattern.test(trainId)).toBe(true);
    expect(tg.capabilities.jobIdAlphabet.test('ft-8a2c')).toBe(true);
    expect(tg.capabilities.jobIdAlphabet.test('hello')).toBe(false);
  });

  it('lists the seeded jobs newest first, paged locally with a total and hasMore', async () => {
    const all = await tg.listJobs();
    expect(all.total).toBe(all.jobs.length);
    expect(all.hasMore).toBe(false);
    const created = all.jobs.map((j) => j.created_at);
    expect(created).toEqual([...created].sort((a, b) => b - a));
    for (const j of all.jobs) {
      expect(j.id).toMatch(/^ft-/);
      expect(j.job_type).toBe('completion');
      expect(j.auto_start).toBe(true);
      expect(j.training_files).toHaveLength(1);
    }
    const p0 = await tg.listJobs({ page: 0, pageSize: 3 });
    const p1 = await tg.listJobs({ page: 1, pageSize: 3 });
    const last = await tg.listJobs({ page: Math.floor((all.jobs.length - 1) / 3), pageSize: 3 });
    expect(p0.jobs.map((j) => j.id)).toEqual(all.jobs.slice(0, 3).map((j) => j.id));
    expect(p1.jobs.map((j) => j.id)).toEqual(all.jobs.slice(3, 6).map((j) => j.id));
    expect(p0).toMatchObject({ total: all.jobs.length, hasMore: true, page: 0, pageSize: 3 });
    expect(last.hasMore).toBe(false);
  });

  it('filters the list locally by status, model, suffix and W&B project', async () => {
    const running = await tg.listJobs({ status: 'RUNNING' });
    expect(running.jobs.length).toBeGreaterThan(0);
    expect(running.jobs.every((j) => j.status === 'RUNNING')).toBe(true);
    expect(running.total).toBe(running.jobs.length);
    const bySuffix = await tg.listJobs({ suffix: 'support-small' });
    expect(bySuffix.jobs.map((j) => j.suffix)).toEqual(['support-small']);
    const byProject = await tg.listJobs({ wandbProject: 'support-bot' });
    expect(byProject.jobs.length).toBe(2);
    expect(byProject.jobs.every((j) => j.integrations[0]?.project === 'support-bot')).toBe(true);
    const byModel = await tg.listJobs({ model: MISTRAL_7B });
    expect(byModel.jobs.every((j) => j.model === MISTRAL_7B)).toBe(true);
    expect((await tg.listJobs({ model: 'nobody/none' })).total).toBe(0);
  });

  it('gets a running job with its W&B run url, steps for the progress bar, and loss checkpoints', async () => {
    const [listed] = (await tg.listJobs({ suffix: 'support-small' })).jobs;
    const job = await tg.getJob(listed?.id ?? '');
    expect(job.status).toBe('RUNNING');
    expect(job.hyperparameters.training_steps).toBe(300);
    expect(job.integrations).toEqual([
      expect.objectContaining({
        type: 'wandb',
        project: 'support-bot',
        name: 'small-v2',
        url: expect.stringMatching(/^https:\/\/wandb\.ai\//),
      }),
    ]);
    expect(job.checkpoints.length).toBeGreaterThan(0);
    const steps = job.checkpoints.map((c) => c.step_number);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    for (const c of job.checkpoints) {
      expect(c.metrics.train_loss).toEqual(expect.any(Number));
      // This job has a validation file, so Together evaluates it.
      expect(c.metrics.valid_loss).toEqual(expect.any(Number));
    }
    expect(job.events.some((e) => e.name === 'wandb_init' && typeof e.data?.wandb_url === 'string')).toBe(
      true,
    );
    expect(job.events.filter((e) => e.name === 'status-updated').map((e) => e.data?.status)).toEqual([
      'QUEUED',
      'STARTED',
      'RUNNING',
    ]);
    expect(job.metadata?.cost_currency).toBe('USD');
    expect(job.metadata?.cost).toBeGreaterThan(0);
    // total_price is in nano-dollars on the wire: a cost in dollars is a small number.
    expect(job.metadata?.cost).toBeLessThan(10_000);
  });

  it('gets a failed job as FAILED with the error in its events', async () => {
    const failed = (await tg.listJobs({ status: 'FAILED' })).jobs;
    expect(failed.length).toBe(2);
    const job = await tg.getJob(failed[0]?.id ?? '');
    const last = job.events.filter((e) => e.name === 'status-updated').at(-1);
    expect(last?.data).toMatchObject({ status: 'FAILED', type: 'job_error' });
    expect(String(last?.data?.message)).not.toBe('');
  });

  it('accepts a bare uuid for a job, as the spec declares ids', async () => {
    const [j] = (await tg.listJobs({ pageSize: 1 })).jobs;
    const bare = (j?.id ?? '').replace(/^ft-/, '');
    expect((await tg.getJob(bare)).id).toBe(j?.id);
  });

  it('creates a job from one training file, with hyperparameters, suffix and W&B', async () => {
    const job = await tg.createJob(
      request(trainId, {
        suffix: 'create-test',
        hyperparameters: {
          epochs: 3,
          learning_rate: 3e-5,
          warmup_fraction: 0.1,
          weight_decay: 0.01,
          seq_len: 2048,
        },
        integrations: [{ type: 'wandb', project: 'tg-proj', name: 'run-1', api_key: 'wandb-secret-abc' }],
      }),
    );
    expect(job).toMatchObject({
      status: 'QUEUED',
      model: MISTRAL_7B,
      auto_start: true,
      training_files: [trainId],
      suffix: 'create-test',
      hyperparameters: {
        epochs: 3,
        learning_rate: 3e-5,
        warmup_fraction: 0.1,
        weight_decay: 0.01,
        seq_len: 2048,
      },
      integrations: [{ type: 'wandb', project: 'tg-proj', name: 'run-1', url: null }],
    });
    expect(job.id).toMatch(/^ft-/);
    expect(JSON.stringify(job)).not.toContain('wandb-secret-abc');
    expect((await tg.getJob(job.id)).suffix).toBe('create-test');
  });

  it('refuses two training files before any request, naming the field', async () => {
    sandbox.resetStats();
    const e = await rejection(
      tg.createJob(request(trainId, { training_files: [{ file_id: trainId }, { file_id: trainId }] })),
    );
    expect(e).toBeInstanceOf(BackendError);
    expect(e).toMatchObject({ kind: 'invalid_request', fieldProblems: [{ loc: ['training_files'] }] });
    expect(sandbox.stats().total).toBe(0);
  });

  it("maps Together's 400 with a param onto the form field it names", async () => {
    const e = await rejection(tg.createJob(request(trainId, { hyperparameters: { epochs: 0 } })));
    expect(e).toMatchObject({
      kind: 'invalid_request',
      status: 400,
      fieldProblems: [{ loc: ['hyperparameters', 'epochs'], msg: expect.stringContaining('n_epochs') }],
    });
    const m = await rejection(tg.createJob(request(trainId, { model: 'mistralai/Not-A-Model' })));
    expect(m).toMatchObject({ kind: 'invalid_request', fieldProblems: [{ loc: ['model'] }] });
  });

  it('says startJob is not a thing on Together', async () => {
    const e = await rejection(tg.startJob('ft-00000000-0000-4000-8000-000000000000'));
    expect(e).toMatchObject({
      kind: 'invalid_request',
      message: 'Together starts jobs when they are created',
    });
  });

  it('cancels a live job and returns its details; a finished one cannot be cancelled', async () => {
    const job = await tg.createJob(request(trainId, { suffix: 'to-cancel' }));
    const cancelled = await tg.cancelJob(job.id);
    expect(cancelled.id).toBe(job.id);
    expect(cancelled.status).toBe('CANCELLATION_REQUESTED');
    expect(cancelled.events.at(-1)?.data?.status).toBe('CANCELLATION_REQUESTED');
    const [done] = (await tg.listJobs({ status: 'SUCCESS' })).jobs;
    const e = await rejection(tg.cancelJob(done?.id ?? ''));
    expect(e).toMatchObject({ kind: 'invalid_request', detail: expect.stringContaining('final') });
  });

  it('estimates the price in USD from estimate-price', async () => {
    const est = await tg.estimateJob(request(trainId));
    expect(est.cost).toBeGreaterThan(0);
    expect(est.cost_currency).toBe('USD');
    expect(est.train_tokens).toBeGreaterThan(0);
    expect(est.epochs).toBe(2);
  });

  it('lists fine-tune files newest first (not batch files) and reads their bytes', async () => {
    const files = await tg.listFiles();
    expect(files.length).toBeGreaterThan(0);
    expect(files.every((f) => f.purpose === 'fine-tune' && f.id.startsWith('file-'))).toBe(true);
    expect(files.some((f) => f.filename === 'nightly-batch.jsonl')).toBe(false);
    const created = files.map((f) => f.created_at);
    expect(created).toEqual([...created].sort((a, b) => b - a));
    const train = files.find((f) => f.id === trainId);
    const bytes = await tg.getFileContent(trainId);
    expect(bytes.byteLength).toBe(train?.bytes);
    expect(new TextDecoder().decode(bytes).split('\n')[0]).toContain('"messages"');
  });

  it("lists Together's fine-tunable Mistral models", async () => {
    const models = await tg.listModels();
    expect(models.map((m) => m.id)).toEqual([
      'mistralai/Mistral-7B-Instruct-v0.2',
      'mistralai/Mixtral-8x7B-Instruct-v0.1',
    ]);
    expect(models.every((m) => m.type === 'base' && m.fine_tunable)).toBe(true);
  });

  it('never sends anything but the Bearer key it was given', async () => {
    const e = await rejection(tg.getJob('ft-00000000-0000-4000-8000-000000000000'));
    expect(e).toMatchObject({ kind: 'not_found', status: 404 });
    expect(String((e as Error).message)).not.toContain(API_KEY);
  });
});
