import type Keyv from 'keyv';
import type { SetIndex } from './set-index.js';

export interface CreatedJob {
  jobId: string;
  /** Slack user who created the job through the bot. */
  userId: string;
  /** The channel the creator chose for updates. */
  channel: string;
  /** Unix seconds. */
  createdAt: number;
  /** Who asked the bot to cancel the job (a creator's own cancel is no failure to the watch filters). */
  cancelledBy?: string;
}

/**
 * Who created which job through the bot. Lookups are by key, never by scanning: each user's job ids
 * are an index (a member per job, so a creation is one O(1) write and two at once lose nothing).
 */
export interface CreatorStore {
  recordCreated(job: CreatedJob): Promise<void>;
  createdInfo(jobId: string): Promise<CreatedJob | undefined>;
  jobsCreatedBy(userId: string): Promise<string[]>;
  /**
   * Records who asks the bot to cancel a job it created (nothing for other jobs: their creator is
   * unknown, so any cancel of theirs counts as someone else's). Undefined clears it (the cancel failed).
   */
  recordCancelledBy(jobId: string, userId: string | undefined): Promise<void>;
}

/**
 * `legacy`: the per-user arrays an earlier version kept (read-modify-write); a user's is carried into
 * the index, then deleted, the first time it is read.
 */
export function createCreatorStore(
  byJob: Keyv<CreatedJob>,
  byUser: SetIndex,
  legacy?: Keyv<string[]>,
): CreatorStore {
  // Users whose old array this process has looked for already: one read per user, not per list.
  const carried = new Set<string>();
  const carryOver = async (userId: string) => {
    if (!legacy || carried.has(userId)) return;
    const old = await legacy.get(userId);
    carried.add(userId);
    if (!old) return;
    for (const id of old) await byUser.add(userId, id);
    await legacy.delete(userId);
  };
  return {
    async recordCreated(job) {
      await byJob.set(job.jobId, job);
      await byUser.add(job.userId, job.jobId);
    },
    async createdInfo(jobId) {
      return byJob.get(jobId);
    },
    async recordCancelledBy(jobId, userId) {
      const job = await byJob.get(jobId);
      if (!job) return;
      const { cancelledBy: _, ...rest } = job;
      await byJob.set(jobId, userId === undefined ? rest : { ...rest, cancelledBy: userId });
    },
    async jobsCreatedBy(userId) {
      await carryOver(userId);
      return byUser.members(userId, Date.now());
    },
  };
}
