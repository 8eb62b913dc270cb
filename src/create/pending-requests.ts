import { randomBytes } from 'node:crypto';
import type { CreateJobRequest, JobEstimate } from '../domain/job.js';

export interface PendingCreate {
  request: CreateJobRequest;
  userId: string;
  channel: string;
  /** The dry run shown to the user: what an approval is judged on. */
  estimate?: JobEstimate;
}

/**
 * Requests waiting for "Create & start" after their estimate. They may hold a W&B key, so they live
 * only in this process's memory (never in Keyv), behind a random token, and expire. Limit: a restart
 * or another instance does not know the token; the user is asked to submit again.
 */
export interface PendingRequests {
  put(p: PendingCreate): string;
  /** One use: the entry is gone afterwards. Undefined when unknown or expired. */
  take(token: string, userId: string): PendingCreate | undefined;
}

export const PENDING_TTL_MS = 15 * 60_000;

export function createPendingRequests(now: () => number, ttlMs = PENDING_TTL_MS): PendingRequests {
  const entries = new Map<string, PendingCreate & { expiresAt: number }>();
  const sweep = () => {
    const t = now();
    for (const [k, v] of entries) if (v.expiresAt <= t) entries.delete(k);
  };
  return {
    put(p) {
      sweep();
      const token = randomBytes(16).toString('hex');
      entries.set(token, { ...p, expiresAt: now() + ttlMs });
      return token;
    },
    take(token, userId) {
      sweep();
      const hit = entries.get(token);
      // Another user cannot submit someone else's estimate (and its key).
      if (!hit || hit.userId !== userId) return undefined;
      entries.delete(token);
      return { request: hit.request, userId: hit.userId, channel: hit.channel, estimate: hit.estimate };
    },
  };
}

export const ESTIMATE_EXPIRED =
  'This estimate expired (or the app restarted), so the request was not kept. Close this view and submit the form again.';
