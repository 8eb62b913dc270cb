import type Keyv from 'keyv';

export interface CreatedJob {
  jobId: string;
  /** Slack user who created the job through the bot. */
  userId: string;
  /** The channel the creator chose for updates. */
  channel: string;
  /** Unix seconds. */
  createdAt: number;
}

/**
 * Who created which job through the bot. Lookups are by key, never by scanning: each user has an
 * index entry listing their job ids.
 * Limit: the per-user index is read-modify-write, so two creations by the same user at the same
 * instant on two instances could drop one id from `jobsCreatedBy` (the per-job record is safe).
 */
export interface CreatorStore {
  recordCreated(job: CreatedJob): Promise<void>;
  createdInfo(jobId: string): Promise<CreatedJob | undefined>;
  jobsCreatedBy(userId: string): Promise<string[]>;
}

export function createCreatorStore(byJob: Keyv<CreatedJob>, byUser: Keyv<string[]>): CreatorStore {
  return {
    async recordCreated(job) {
      await byJob.set(job.jobId, job);
      const ids = (await byUser.get(job.userId)) ?? [];
      if (!ids.includes(job.jobId)) await byUser.set(job.userId, [...ids, job.jobId]);
    },
    async createdInfo(jobId) {
      return byJob.get(jobId);
    },
    async jobsCreatedBy(userId) {
      return (await byUser.get(userId)) ?? [];
    },
  };
}
