import type { Mistral } from '@mistralai/mistralai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.js';
import { PHASE_MS } from '../../src/sandbox/lifecycle.js';
import {
  chatJsonl,
  expectSdkError,
  type Job,
  type JobDetails,
  known,
  manualClock,
  type Recorded,
  raw,
  sandboxWithClient,
} from './support.js';

const SPEED = 100;
const step = PHASE_MS.step / SPEED;
const WANDB_KEY = 'a'.repeat(40);

let sandbox: Sandbox;
let client: Mistral;
let recorded: Recorded[];
let clock: ReturnType<typeof manualClock>;

beforeEach(async () => {
  clock = manualClock();
  ({ sandbox, client, recorded } = await sandboxWithClient({ speed: SPEED, now: clock.now }));
});
afterEach(() => sandbox.close());

async function upload(name = 'train.jsonl', content = chatJsonl(40)) {
  return client.files.upload({ file: { fileName: name, content }, purpose: 'fine-tune' });
}

async function createJob(
  fileId: string,
  extra: Partial<Parameters<Mistral['fineTuning']['jobs']['create']>[0]> = {},
) {
  return known<Job>(
    await client.fineTuning.jobs.create({
      model: 'open-mistral-7b',
      trainingFiles: [{ fileId }],
      hyperparameters: { trainingSteps: 10 },
      autoStart: true,
      ...extra,
    }),
  );
}

const get = async (jobId: string) => known<JobDetails>(await client.fineTuning.jobs.get({ jobId }));

describe('listing jobs through the SDK', () => {
  it('lists the seeded jobs newest first, every one a well-formed job', async () => {
    const res = await client.fineTuning.jobs.list({});
    const jobs = (res.data ?? []).map((j) => known<Job>(j));
    expect(res.total).toBe(jobs.length);
    expect(jobs.length).toBeGreaterThanOrEqual(7);
    const created = jobs.map((j) => j.createdAt);
    expect(created).toEqual([...created].sort((a, b) => b - a));
    expect(new Set(jobs.map((j) => j.status))).toEqual(
      new Set(['QUEUED', 'RUNNING', 'VALIDATED', 'SUCCESS', 'FAILED_VALIDATION', 'CANCELLED', 'FAILED']),
    );
    expect(jobs.every((j) => !('events' in j) || j.events === undefined)).toBe(true);
  });

  it('pages with a 0-based page number while total counts every match', async () => {
    const all = (await client.fineTuning.jobs.list({})).data ?? [];
    const ids: string[] = [];
    for (let page = 0; page * 3 < all.length; page++) {
      const res = await client.fineTuning.jobs.list({ page, pageSize: 3 });
      expect(res.total).toBe(all.length);
      ids.push(...(res.data ?? []).map((j) => known<Job>(j).id));
    }
    expect(ids).toEqual(all.map((j) => known<Job>(j).id));
    const beyond = await client.fineTuning.jobs.list({ page: 50, pageSize: 3 });
    expect(beyond.data).toEqual([]);
  });

  it('filters by status, model, suffix, W&B project and run name', async () => {
    const byStatus = await client.fineTuning.jobs.list({ status: 'SUCCESS' });
    expect(byStatus.total).toBeGreaterThan(0);
    expect((byStatus.data ?? []).every((j) => known<Job>(j).status === 'SUCCESS')).toBe(true);

    const byModel = await client.fineTuning.jobs.list({ model: 'ministral-3b-latest' });
    expect((byModel.data ?? []).map((j) => known<Job>(j).jobType)).toEqual(['classifier']);

    const bySuffix = await client.fineTuning.jobs.list({ suffix: 'support-bot' });
    expect(bySuffix.total).toBe(1);

    const byProject = await client.fineTuning.jobs.list({ wandbProject: 'support-bot' });
    expect(byProject.total).toBe(2);
    const byName = await client.fineTuning.jobs.list({ wandbName: 'sft-v1' });
    expect((byName.data ?? []).map((j) => known<Job>(j).suffix)).toEqual(['support-bot']);
  });

  it('filters by creation time and by jobs created through the API', async () => {
    expect((await client.fineTuning.jobs.list({ createdByMe: true })).total).toBe(0);
    const file = await upload();
    clock.advance(60_000);
    const mine = await createJob(file.id);
    const byMe = await client.fineTuning.jobs.list({ createdByMe: true });
    expect((byMe.data ?? []).map((j) => known<Job>(j).id)).toEqual([mine.id]);

    const since = new Date(clock.now() - 1000);
    expect((await client.fineTuning.jobs.list({ createdAfter: since })).total).toBe(1);
    const before = await client.fineTuning.jobs.list({ createdBefore: since });
    expect(before.total).toBe((await client.fineTuning.jobs.list({})).total - 1);
  });
});

describe('a job created through the SDK', () => {
  it('goes from QUEUED to SUCCESS as the clock advances, with metadata, checkpoints and a model', async () => {
    const file = await upload();
    const job = await createJob(file.id, {
      suffix: 'my-bot',
      integrations: [{ type: 'wandb', project: 'proj', name: 'run-1', apiKey: WANDB_KEY }],
    });
    expect(job).toMatchObject({
      status: 'QUEUED',
      model: 'open-mistral-7b',
      suffix: 'my-bot',
      metadata: null,
    });
    expect(job.integrations?.[0]).toMatchObject({ project: 'proj', name: 'run-1', url: null });

    clock.advance((PHASE_MS.queued + PHASE_MS.validating) / SPEED);
    const validated = await get(job.id);
    expect(validated.status).toBe('VALIDATED');
    expect(validated.metadata?.trainTokens).toBe(10 * 131072);
    expect(validated.metadata?.dataTokens).toBe(Math.ceil(file.sizeBytes / 4));

    clock.advance((PHASE_MS.validatedAutoStart + PHASE_MS.started) / SPEED + 5 * step);
    const running = await get(job.id);
    expect(running.status).toBe('RUNNING');
    expect(running.integrations?.[0]?.url).toBe(`https://wandb.ai/sandbox/proj/runs/${job.id.slice(0, 8)}`);
    expect(running.checkpoints?.map((c) => c.stepNumber)).toEqual([5, 4, 3, 2, 1]);

    clock.advance(5 * step);
    const done = await get(job.id);
    expect(done.status).toBe('SUCCESS');
    expect(done.fineTunedModel).toMatch(/^ft:open-mistral-7b:my-bot:[0-9a-f]{8}$/);
    expect(done.trainedTokens).toBe(10 * 131072);
    expect(done.checkpoints).toHaveLength(10);
    const statuses = (done.events ?? []).map((e) => (e.data as { status: string }).status);
    expect(statuses).toEqual(['SUCCESS', 'RUNNING', 'STARTED', 'VALIDATED', 'VALIDATING', 'QUEUED']);
    expect(done.modifiedAt).toBeGreaterThanOrEqual(done.createdAt);

    const models = await client.models.list();
    const ft = models.data?.find((m) => 'id' in m && m.id === done.fineTunedModel);
    expect(ft).toMatchObject({ type: 'fine-tuned', job: job.id, root: 'open-mistral-7b' });
    expect(await client.models.retrieve({ modelId: done.fineTunedModel ?? '' })).toMatchObject({
      type: 'fine-tuned',
    });
  });

  it('never echoes the W&B api_key in any response', async () => {
    const file = await upload();
    const job = await createJob(file.id, {
      integrations: [{ type: 'wandb', project: 'p', apiKey: WANDB_KEY }],
    });
    await get(job.id);
    await client.fineTuning.jobs.list({});
    for (const r of recorded) expect(JSON.stringify(r.body)).not.toContain(WANDB_KEY);
  });

  it('fails validation on a broken file, naming the file and line', async () => {
    const bad = new TextEncoder().encode(
      '{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"}]}\n\n{oops\n',
    );
    const file = await upload('bad.jsonl', bad);
    const job = await createJob(file.id);
    clock.advance((PHASE_MS.queued + PHASE_MS.validating) / SPEED);
    const d = await get(job.id);
    expect(d.status).toBe('FAILED_VALIDATION');
    expect(d.events?.[0]?.data).toEqual({
      status: 'FAILED_VALIDATION',
      error: 'bad.jsonl line 3: not valid JSON',
    });
  });

  it('fails validation on a validation split that repeats a training sample (the check uploads from Slack get)', async () => {
    const train = chatJsonl(5);
    const line = new TextDecoder().decode(train).split('\n')[2];
    const file = await upload('train.jsonl', train);
    const valid = await upload('valid.jsonl', new TextEncoder().encode(`${line}\n`));
    const job = await createJob(file.id, { validationFiles: [valid.id] });
    clock.advance((PHASE_MS.queued + PHASE_MS.validating) / SPEED);
    const d = await get(job.id);
    expect(d.status).toBe('FAILED_VALIDATION');
    expect(d.events?.[0]?.data).toEqual({
      status: 'FAILED_VALIDATION',
      error: 'valid.jsonl line 1: also in the training data (line 3)',
    });
  });

  it('creates a classifier job with targets inferred from the labels', async () => {
    const data = ['pos', 'neg', 'pos']
      .map((l, i) => JSON.stringify({ text: `t${i}`, labels: { sentiment: l } }))
      .join('\n');
    const file = await upload('cls.jsonl', new TextEncoder().encode(data));
    const job = await createJob(file.id, { model: 'ministral-3b-latest', jobType: 'classifier' });
    expect(job.jobType).toBe('classifier');
    const d = await get(job.id);
    expect(d.jobType === 'classifier' && d.classifierTargets).toEqual([
      { name: 'sentiment', labels: ['neg', 'pos'], weight: 1, lossFunction: 'single_class' },
    ]);
  });
});

describe('start and cancel', () => {
  async function validatedJob(): Promise<string> {
    const res = await client.fineTuning.jobs.list({ status: 'VALIDATED' });
    const job = known<Job>(res.data?.[0]);
    expect(job.autoStart).toBe(false);
    return job.id;
  }

  it('starts a VALIDATED job that waits for it, then refuses a second start with the status', async () => {
    const id = await validatedJob();
    const started = known<JobDetails>(await client.fineTuning.jobs.start({ jobId: id }));
    expect(started.status).toBe('STARTED');
    clock.advance(PHASE_MS.started / SPEED);
    expect((await get(id)).status).toBe('RUNNING');
    const again = await expectSdkError(client.fineTuning.jobs.start({ jobId: id }));
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ detail: expect.stringContaining('its status is RUNNING') });
  });

  it('cancels a running job through CANCELLATION_REQUESTED, and refuses to cancel it twice', async () => {
    const running = known<Job>((await client.fineTuning.jobs.list({ status: 'RUNNING' })).data?.[0]);
    const res = known<JobDetails>(await client.fineTuning.jobs.cancel({ jobId: running.id }));
    expect(res.status).toBe('CANCELLATION_REQUESTED');
    clock.advance(PHASE_MS.cancelling / SPEED);
    expect((await get(running.id)).status).toBe('CANCELLED');
    const again = await expectSdkError(client.fineTuning.jobs.cancel({ jobId: running.id }));
    expect(again).toEqual({
      status: 409,
      body: { detail: expect.stringContaining('its status is CANCELLED') },
    });
  });

  it('cancels a job still waiting to be started', async () => {
    const id = await validatedJob();
    expect(known<JobDetails>(await client.fineTuning.jobs.cancel({ jobId: id })).status).toBe(
      'CANCELLATION_REQUESTED',
    );
    const start = await expectSdkError(client.fineTuning.jobs.start({ jobId: id }));
    expect(start.status).toBe(409);
  });
});

describe('create validation', () => {
  it('answers 409 when a similar job is queued, validated or running', async () => {
    const file = await upload();
    await createJob(file.id, { suffix: 'dup' });
    const err = await expectSdkError(createJob(file.id, { suffix: 'dup' }));
    expect(err).toEqual({
      status: 409,
      body: { detail: 'A similar job is already queued, validated or running.' },
    });
    // A different suffix is a different job.
    await expect(createJob(file.id, { suffix: 'other' })).resolves.toMatchObject({ status: 'QUEUED' });
  });

  it('requires at least one training file, in the real API words', async () => {
    const err = await expectSdkError(
      client.fineTuning.jobs.create({ model: 'open-mistral-7b', hyperparameters: { trainingSteps: 1 } }),
    );
    expect(err).toEqual({
      status: 422,
      body: {
        detail: [
          {
            type: 'value_error',
            loc: ['body', 'job_in'],
            msg: 'Value error, At least one training file or repository is required.',
          },
        ],
      },
    });
  });

  it.each([
    [
      'an unknown training file',
      { trainingFiles: [{ fileId: '00000000-0000-4000-8000-000000000000' }] },
      ['body', 'training_files', 0, 'file_id'],
    ],
    ['a model that cannot be fine-tuned', { model: 'mistral-embed' }, ['body', 'model']],
    ['a suffix with spaces', { suffix: 'my bot' }, ['body', 'suffix']],
    ['a suffix over 18 characters', { suffix: 'a'.repeat(19) }, ['body', 'suffix']],
    [
      'a learning rate above 1',
      { hyperparameters: { learningRate: 2 } },
      ['body', 'hyperparameters', 'learning_rate'],
    ],
    ['a seq_len under 100', { hyperparameters: { seqLen: 50 } }, ['body', 'hyperparameters', 'seq_len']],
    ['zero epochs', { hyperparameters: { epochs: 0 } }, ['body', 'hyperparameters', 'epochs']],
    [
      'an 86-character W&B key',
      { integrations: [{ type: 'wandb' as const, project: 'p', apiKey: 'k'.repeat(86) }] },
      ['body', 'integrations', 0, 'api_key'],
    ],
  ])('rejects %s with 422 and its loc', async (_what, extra, loc) => {
    const file = await upload();
    const err = await expectSdkError(createJob(file.id, extra));
    expect(err.status).toBe(422);
    expect((err.body as { detail: Array<{ loc: unknown }> }).detail.map((d) => d.loc)).toContainEqual(loc);
  });

  it('answers a malformed JSON body with 422 and a string detail', async () => {
    const res = await raw(sandbox, 'POST', '/v1/fine_tuning/jobs', '{"model": ');
    expect(res.status).toBe(422);
    expect(res.json).toEqual({ detail: expect.stringContaining('Malformed JSON') });
  });

  it('rejects a non-uuid job id with 422 and an unknown one with 404', async () => {
    const bad = await expectSdkError(client.fineTuning.jobs.get({ jobId: 'nope' }));
    expect(bad.status).toBe(422);
    const missing = await expectSdkError(
      client.fineTuning.jobs.get({ jobId: '00000000-0000-4000-8000-000000000000' }),
    );
    expect(missing).toEqual({ status: 404, body: { detail: expect.stringContaining('not found') } });
  });
});

describe('dry run (raw HTTP: no SDK exposes it)', () => {
  it('returns the cost estimate as job.metadata and creates nothing', async () => {
    const file = await upload();
    const before = (await client.fineTuning.jobs.list({})).total;
    const res = await raw(sandbox, 'POST', '/v1/fine_tuning/jobs?dry_run=true', {
      model: 'mistral-large-latest',
      training_files: [{ file_id: file.id }],
      hyperparameters: { training_steps: 100 },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      object: 'job.metadata',
      training_steps: 100,
      train_tokens_per_step: 131072,
      train_tokens: 100 * 131072,
      data_tokens: Math.ceil(file.sizeBytes / 4),
      expected_duration_seconds: 300,
      cost: 117.96, // 13.1 M tokens × $9/M
      cost_currency: 'USD',
      details: expect.stringContaining('nothing was created'),
    });
    expect((await client.fineTuning.jobs.list({})).total).toBe(before);
  });

  it('reports a broken training file up front', async () => {
    const file = await upload('b.jsonl', new TextEncoder().encode('{}\n'));
    const res = await raw(sandbox, 'POST', '/v1/fine_tuning/jobs?dry_run=true', {
      model: 'open-mistral-7b',
      training_files: [{ file_id: file.id }],
      hyperparameters: {},
    });
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.json)).toContain('b.jsonl line 1: missing a \\"messages\\" array');
  });
});
