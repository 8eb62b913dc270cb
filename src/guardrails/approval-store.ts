import type Keyv from 'keyv';
import type { ApprovalRecord } from '../domain/approval.js';
import type { KeyvFactory } from '../store/keyv-factory.js';
import { openSetIndex } from '../store/set-index.js';

/** Decided requests stay readable this long (a late click is told who decided, and when). */
export const APPROVAL_RETENTION_MS = 60 * 24 * 3600 * 1000;

/**
 * Approval requests by id, and each job's latest request. Plain Keyv records: the one write that
 * must happen once (the decision) goes through `OnceClaims` first, so these writes never race.
 */
export interface ApprovalStore {
  get(id: string): Promise<ApprovalRecord | undefined>;
  put(r: ApprovalRecord): Promise<void>;
  latestOf(jobId: string): Promise<ApprovalRecord | undefined>;
  /** The ids of requests still pending (for the expiry sweep). */
  pendingIds(): Promise<string[]>;
}

export function createApprovalStore(kv: KeyvFactory): ApprovalStore {
  const records: Keyv<ApprovalRecord> = kv.open<ApprovalRecord>('approvals');
  const latest: Keyv<string> = kv.open<string>('approvaljobs');
  const pending = openSetIndex(kv, 'approvalix');
  return {
    get: (id) => records.get(id),
    async put(r) {
      await records.set(r.id, r, APPROVAL_RETENTION_MS);
      await latest.set(r.jobId, r.id, APPROVAL_RETENTION_MS);
      if (r.state === 'pending') await pending.add('pending', r.id, Date.now() + APPROVAL_RETENTION_MS);
      else await pending.remove('pending', r.id);
    },
    pendingIds: () => pending.members('pending', Date.now()),
    async latestOf(jobId) {
      const id = await latest.get(jobId);
      return id ? records.get(id) : undefined;
    },
  };
}
