import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FineTuningBackend } from '../../../src/backend/backend.js';
import type { Sandbox } from '../../../src/sandbox/index.js';
import { PHASE_MS } from '../../../src/sandbox/lifecycle.js';
import { progressOf } from '../../../src/views/progress.js';
import { manualClock } from '../../sandbox/support.js';
import { request, TRAIN_FILE, togetherSandbox } from './support.js';

const SEC = 1000;

describe('a Together job through its whole life, as the bot sees it', () => {
  const clock = manualClock();
  let sandbox: Sandbox;
  let tg: FineTuningBackend;
  let trainId: string;

  beforeAll(async () => {
    ({ sandbox, tg } = await togetherSandbox({ now: clock.now }));
    trainId = (await tg.listFiles()).find((f) => f.filename === TRAIN_FILE)?.id ?? '';
  });
  afterAll(() => sandbox.close());

  it('goes QUEUED → RUNNING → SUCCESS, with W&B url only once training runs and progress to 100 %', async () => {
    const created = await tg.createJob(
      request(trainId, { integrations: [{ type: 'wandb', project: 'life', api_key: 'wandb-key-123' }] }),
    );
    expect(created.status).toBe('QUEUED');
    const seen: string[] = [];
    const look = async () => {
      const j = await tg.getJob(created.id);
      seen.push(j.status);
      return j;
    };
    const queued = await look();
    expect(queued.integrations[0]?.url).toBeNull();
    expect(queued.checkpoints).toEqual([]);
    clock.advance(PHASE_MS.queued);
    expect((await look()).status).toBe('QUEUED'); // Together's `queued`
    clock.advance(PHASE_MS.validating + PHASE_MS.validatedAutoStart);
    expect((await look()).status).toBe('RUNNING'); // `running` from job_start on
    clock.advance(PHASE_MS.started);
    const steps = (await look()).hyperparameters.training_steps ?? 0;
    // Together's steps: 2 epochs over 150 samples in batches of 8.
    expect(steps).toBe(2 * Math.ceil(150 / 8));
    clock.advance((steps / 2) * PHASE_MS.step);
    const half = await look();
    expect(half.status).toBe('RUNNING');
    expect(half.integrations[0]?.url).toMatch(/^https:\/\/wandb\.ai\//);
    const mid = progressOf(half);
    expect(mid?.total).toBe(steps);
    expect(mid?.percent).toBeGreaterThan(0);
    expect(mid?.percent).toBeLessThan(100);
    // No validation file: only the training loss is logged.
    expect(half.checkpoints.every((c) => c.metrics.train_loss != null && c.metrics.valid_loss == null)).toBe(
      true,
    );
    clock.advance((steps / 2) * PHASE_MS.step + SEC);
    const done = await look();
    expect(done.status).toBe('SUCCESS');
    expect(done.fine_tuned_model).toMatch(/Mistral-7B-Instruct-v0\.2-support-bot-/);
    expect(progressOf(done)).toEqual({ step: steps, total: steps, percent: 100 });
    expect(seen).toEqual(['QUEUED', 'QUEUED', 'RUNNING', 'RUNNING', 'RUNNING', 'SUCCESS']);
    expect(done.events.filter((e) => e.name === 'status-updated').map((e) => e.data?.status)).toEqual([
      'QUEUED',
      'STARTED',
      'RUNNING',
      'SUCCESS',
    ]);
    // The list agrees with the details.
    const listed = (await tg.listJobs()).jobs.find((j) => j.id === created.id);
    expect(listed?.status).toBe('SUCCESS');
  });

  it('goes CANCELLATION_REQUESTED → CANCELLED after a cancel mid-run', async () => {
    const job = await tg.createJob(request(trainId, { suffix: 'cancel-me' }));
    clock.advance(PHASE_MS.queued + PHASE_MS.validating + PHASE_MS.validatedAutoStart + PHASE_MS.started);
    clock.advance(3 * PHASE_MS.step);
    expect((await tg.getJob(job.id)).status).toBe('RUNNING');
    expect((await tg.cancelJob(job.id)).status).toBe('CANCELLATION_REQUESTED');
    clock.advance(PHASE_MS.cancelling);
    const after = await tg.getJob(job.id);
    expect(after.status).toBe('CANCELLED');
    expect(after.fine_tuned_model).toBeNull();
  });

  it('shows a job whose data is broken as FAILED, with the reason', async () => {
    const broken = (await tg.listFiles()).find((f) => f.filename === 'broken-train.jsonl')?.id ?? '';
    const job = await tg.createJob(request(broken, { suffix: 'broken' }));
    clock.advance(PHASE_MS.queued + PHASE_MS.validating);
    const failed = await tg.getJob(job.id);
    expect(failed.status).toBe('FAILED');
    expect(String(failed.events.at(-1)?.data?.message)).toMatch(/line 3/);
  });
});
