import type { JobMetadata } from '../domain/job.js';
import type { AuditEntry } from '../store/audit-log.js';
import type { AppDeps } from './deps.js';

export type AuditInput = Omit<AuditEntry, 'at' | 'cost' | 'currency'> & {
  /** The job's estimate: its cost and currency are kept, nothing else. */
  estimate?: JobMetadata | null;
};

/**
 * Appends to the audit log. The detail is scrubbed of every registered secret first. A store that
 * fails is logged as an error and does not undo what was done: the user's action already happened.
 */
export async function recordAudit(
  deps: Pick<AppDeps, 'audit' | 'logger' | 'secrets' | 'now'>,
  input: AuditInput,
): Promise<void> {
  const { estimate, detail, ...rest } = input;
  const entry: AuditEntry = {
    ...rest,
    at: deps.now(),
    ...(estimate?.cost != null ? { cost: estimate.cost } : {}),
    ...(estimate?.cost != null && estimate.cost_currency ? { currency: estimate.cost_currency } : {}),
    ...(detail ? { detail: deps.secrets.scrub(detail) } : {}),
  };
  try {
    await deps.audit.append(entry);
  } catch (err) {
    deps.logger.error({ err, action: entry.action, jobId: entry.jobId }, 'could not append to the audit log');
  }
}
