import { csvRows } from '../lib/csv.js';
import type { AuditEntry } from './audit-log.js';

export const AUDIT_CSV_HEADER = ['at', 'user', 'action', 'job_id', 'channel', 'cost', 'currency', 'detail'];

/** The audit log as CSV: one row per entry, oldest first, times in ISO 8601 (UTC). */
export function auditCsv(entries: readonly AuditEntry[]): string {
  return csvRows([
    AUDIT_CSV_HEADER,
    ...entries.map((e) => [
      new Date(e.at).toISOString(),
      e.user,
      e.action,
      e.jobId,
      e.channel,
      e.cost,
      e.currency,
      e.detail,
    ]),
  ]);
}

export interface AuditExportArgs {
  sinceMs: number;
  format: 'csv' | 'json';
  channel?: string;
}

export const AUDIT_USAGE =
  'usage: npm run audit -- --since YYYY-MM-DD [--format csv|json] [--channel C0123]  (reads STORE_URL)';

/** `--since 2026-11-01 --format csv`: the export's arguments, or the problem with them. */
export function parseAuditExportArgs(argv: readonly string[]): AuditExportArgs | { problem: string } {
  const opts: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i] ?? '';
    const value = argv[i + 1];
    if (!/^--(since|format|channel)$/.test(flag) || value === undefined)
      return { problem: `unknown or incomplete argument ${flag}` };
    opts[flag.slice(2)] = value;
    i += 1;
  }
  if (!opts.since || !/^\d{4}-\d{2}-\d{2}$/.test(opts.since))
    return { problem: '--since YYYY-MM-DD is required' };
  const sinceMs = Date.parse(`${opts.since}T00:00:00Z`);
  if (!Number.isFinite(sinceMs)) return { problem: `${opts.since} is not a date` };
  const format = opts.format ?? 'csv';
  if (format !== 'csv' && format !== 'json') return { problem: '--format must be csv or json' };
  if (opts.channel && !/^[CGD][A-Z0-9]+$/.test(opts.channel))
    return { problem: '--channel must be a channel id' };
  return { sinceMs, format, ...(opts.channel ? { channel: opts.channel } : {}) };
}
