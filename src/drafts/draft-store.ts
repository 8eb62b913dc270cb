import type Keyv from 'keyv';
import type { CreateJobRequest, JobEstimate } from '../domain/job.js';
import type { KeyvFactory } from '../store/keyv-factory.js';
import { legacyMembers } from '../store/legacy-indexes.js';
import { openSetIndex, type SetIndex } from '../store/set-index.js';

/** A draft waits this long for a Start; after that it reads as cancelled ("expired"). */
export const DRAFT_EXPIRES_SECONDS = 7 * 24 * 3600;
/** The record (and so the draft → job alias that keeps its watches working) is kept this long. */
export const DRAFT_RETENTION_MS = 60 * 24 * 3600 * 1000;

export type DraftState = 'VALIDATED' | 'FAILED_VALIDATION' | 'CANCELLED' | 'STARTED';

/** A job held by the bot for a provider with no start gate: created at the provider only at Start. */
export interface DraftRecord {
  id: string;
  /** The create request without any secret: the W&B key is never stored (see `DraftKeys`). */
  request: CreateJobRequest;
  /** Unix seconds. */
  createdAt: number;
  modifiedAt: number;
  state: DraftState;
  estimate?: JobEstimate;
  /** Why the bot's checks refused the training file (FAILED_VALIDATION). */
  problem?: string;
  /** The provider's job, once started. */
  jobId?: string;
  /** A W&B key came with the form; it is held in memory only until Start. */
  wandbKeyGiven: boolean;
}

/** Drafts in the store (Keyv, with a TTL) plus the set of their ids, for the job list. */
export interface DraftStore {
  get(id: string): Promise<DraftRecord | undefined>;
  put(d: DraftRecord): Promise<void>;
  ids(): Promise<string[]>;
}

export function createDraftStore(kv: KeyvFactory): DraftStore {
  const records: Keyv<DraftRecord> = kv.open<DraftRecord>('drafts');
  const index: SetIndex = openSetIndex(kv, 'draftix');
  const keep = () => Date.now() + DRAFT_RETENTION_MS;
  // Open drafts listed by an earlier version's index are carried over once.
  let migrated: Promise<void> | undefined;
  const ready = () => {
    migrated ??= legacyMembers(kv, 'draftidx', 'open').then(async (ids) => {
      for (const id of ids) await index.add('open', id, keep());
    });
    return migrated;
  };
  return {
    get: (id) => records.get(id),
    async put(d) {
      await records.set(d.id, d, DRAFT_RETENTION_MS);
      if (d.state === 'VALIDATED') await index.add('open', d.id, keep());
      else await index.remove('open', d.id);
    },
    async ids() {
      await ready();
      return index.members('open', Date.now());
    },
  };
}
