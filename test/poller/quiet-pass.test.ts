import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createIdleJobs } from '../helpers/idle-jobs.js';
import { type PollRig, startPollRig } from '../helpers/poll-rig.js';
import { pollSettled } from '../helpers/poll-settled.js';
import { REDIS_SKIP, type RedisServer, startRedis } from '../helpers/redis.js';

const CHANNELS = ['CQ1', 'CQ2', 'CQ3'];

/**
 * Jobs at VALIDATED (auto_start false) never change: once the poller knows them, a pass learns
 * their statuses from one list page and reads no watch record, however many watches they have.
 */
function suite(storeUrl: () => string | undefined) {
  let rig: PollRig;
  afterEach(async () => {
    await rig?.close();
  });

  it('reads no watch record on a quiet pass, and a restarted process fetches no job it already knew', async () => {
    rig = await startPollRig({ storeUrl: storeUrl() });
    const idle = await createIdleJobs(rig, 6);
    for (const id of idle)
      for (const channel of CHANNELS) await rig.service.watch({ jobId: id, channel, userId: 'U1' });
    // First pass: the jobs are new to the poller, so each is fetched (and its stored state looked up).
    const first = await pollSettled(rig.deps);
    expect(first).toMatchObject({ jobs: 6, getCalls: 6, errors: [] });
    expect(first.storeReads.jobState).toBe(6);

    rig.sandbox.resetStats();
    const quiet = await pollSettled(rig.deps);
    expect(quiet).toMatchObject({ jobs: 6, listCalls: 1, getCalls: 0, posts: 0, errors: [] });
    expect(quiet.storeReads).toEqual({ watch: 0, jobState: 0 });
    expect(rig.sandbox.stats().total).toBe(1);

    // A new process over the same store: what the cards show is read back per job (6 small
    // records), so its first pass costs what a warm pass does.
    const after = rig.restart();
    rig.sandbox.resetStats();
    const cold = await pollSettled(after);
    expect(cold).toMatchObject({ jobs: 6, listCalls: 1, getCalls: 0, posts: 0, updates: 0, errors: [] });
    expect(cold.storeReads).toEqual({ watch: 0, jobState: 6 });
    expect(rig.sandbox.stats().total).toBe(1);

    // A job that changed while the process was down is fetched, and only that one.
    await rig.deps.backend.startJob(idle[2] as string);
    const again = rig.restart();
    const changed = await pollSettled(again);
    expect(changed).toMatchObject({ listCalls: 1, getCalls: 1, errors: [] });
  }, 60_000);
}

describe('quiet passes on SQLite', () => {
  suite(() => undefined);
});

describe.skipIf(REDIS_SKIP)('quiet passes on Redis', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  suite(() => redis.url);
});

/**
 * A provider's list may derive a job's modified_at otherwise than its details do (the OpenAI shape
 * has no such field: details take the newest event, the list the creation time). Jobs waiting for a
 * training slot never change, so a pass must not read the difference as a change and fetch them all.
 */
describe.each(['openai', 'together'] as const)('quiet passes on the %s wire format', (provider) => {
  let rig: PollRig;
  afterEach(async () => {
    await rig?.close();
  });

  it('fetches no waiting job once it knows them', async () => {
    // One training slot, taken by a long job: every other job waits queued, unchanged.
    rig = await startPollRig({ provider, maxRunning: 1 });
    const raw = rig.sandbox.addSyntheticJobs({ count: 6, active: 6 }).map((id) => id.replaceAll('-', ''));
    rig.advance(60_000);
    // The provider's own ids (each wire format dresses the sandbox's its own way: `ftjob-…`, `ft-…`).
    const bare = (id: string) => id.replace(/^ft(job)?-/, '').replaceAll('-', '');
    const jobs = (await rig.deps.backend.listJobs({ pageSize: 100 })).jobs.filter((j) =>
      raw.includes(bare(j.id)),
    );
    expect(jobs.map((j) => j.status).sort()).toEqual([
      'QUEUED',
      'QUEUED',
      'QUEUED',
      'QUEUED',
      'QUEUED',
      'RUNNING',
    ]);
    for (const j of jobs) await rig.service.watch({ jobId: j.id, channel: 'CQW', userId: 'U1' });
    await pollSettled(rig.deps);
    await pollSettled(rig.deps);
    const quiet = await pollSettled(rig.deps);
    // The list, and at most the training job's refresh.
    expect(quiet).toMatchObject({ listCalls: 1, changed: 0, errors: [] });
    expect(quiet.getCalls).toBeLessThanOrEqual(1);
  }, 60_000);
});
