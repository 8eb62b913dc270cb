import Keyv from 'keyv';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FineTuningBackend } from '../../src/backend/backend.js';
import type { JobDetails } from '../../src/domain/job.js';
import type { CreatedJob, CreatorStore } from '../../src/store/creators.js';
import { createHomePublisher, type HomePublisher } from '../../src/use-cases/home-publisher.js';
import { makeContext, makeDetails } from '../views/fixtures.js';

/**
 * When the tab is republished on its own: only for a job whose status differs from what the user's
 * tab shows, once per user however many of their jobs changed in a pass, and paced under Slack's limit.
 */
const id = (n: number) => `${String(n).padStart(8, '0')}-0000-4000-8000-000000000000`;
let jobs: Map<string, JobDetails>;
let published: { user: string; at: number }[];
let home: HomePublisher;

function setUp(owners: Record<string, string[]>) {
  jobs = new Map();
  const created = new Map<string, CreatedJob>();
  for (const [user, ids] of Object.entries(owners)) {
    for (const jobId of ids) {
      jobs.set(jobId, makeDetails({ id: jobId, status: 'RUNNING' }));
      created.set(jobId, { jobId, userId: user, channel: 'C1', createdAt: 1 });
    }
  }
  const creators: CreatorStore = {
    recordCreated: async () => {},
    createdInfo: async (jobId) => created.get(jobId),
    jobsCreatedBy: async (user) => owners[user] ?? [],
    recordCancelledBy: async () => {},
  };
  const backend = { getJob: async (jobId: string) => structuredClone(jobs.get(jobId)) } as FineTuningBackend;
  published = [];
  home = createHomePublisher({
    backend,
    creators,
    watchedBy: async () => [],
    logger: pino({ level: 'silent' }),
    view: () => makeContext(),
    client: {
      apiCall: async (method: string, args: Record<string, unknown>) => {
        if (method === 'views.publish') published.push({ user: String(args.user_id), at: Date.now() });
        return { ok: true };
      },
    },
    shown: new Keyv<string>(),
    debounceMs: 1_000,
    gapMs: 500,
  });
}

const change = (jobId: string, status: string) => {
  const job = { ...(jobs.get(jobId) as JobDetails), status };
  jobs.set(jobId, job);
  home.jobApplied(job);
};

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  home.close();
  vi.useRealTimers();
});

describe('refreshing Home tabs on status changes', () => {
  it('republishes once per user for all the jobs that changed, after the debounce, one user at a time', async () => {
    setUp({ U1: [id(1), id(2)], U2: [id(3)] });
    await home.publish('U1');
    await home.publish('U2');
    published.length = 0;
    const start = Date.now();
    change(id(1), 'SUCCESS');
    change(id(2), 'FAILED');
    change(id(3), 'SUCCESS');
    await vi.advanceTimersByTimeAsync(999);
    expect(published).toEqual([]);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(published.map((p) => p.user)).toEqual(['U1', 'U2']);
    expect(published[0]!.at - start).toBeGreaterThanOrEqual(1_000);
    expect(published[1]!.at - published[0]!.at).toBeGreaterThanOrEqual(500);
  });

  it('does nothing for a job whose status the tab already shows, or that no tab shows', async () => {
    setUp({ U1: [id(1)], U2: [id(2)] });
    await home.publish('U1');
    published.length = 0;
    change(id(1), 'RUNNING');
    change(id(2), 'SUCCESS');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(published).toEqual([]);
  });

  it('after a refresh, only a further change republishes', async () => {
    setUp({ U1: [id(1)] });
    await home.publish('U1');
    change(id(1), 'SUCCESS');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(published).toHaveLength(2);
    home.jobApplied(jobs.get(id(1)) as JobDetails);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(published).toHaveLength(2);
  });
});
