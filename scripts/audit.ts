/**
 * `npm run audit -- --since 2026-11-01 --format csv`: the audit log, from the same store as the app
 * (STORE_URL, from the environment or `.env`), on stdout. Read-only.
 */
import { existsSync } from 'node:fs';
import { storeUrlOf } from '../src/config.js';
import { AUDIT_USAGE, auditCsv, parseAuditExportArgs } from '../src/store/audit-export.js';
import { openAuditLog } from '../src/store/audit-log.js';
import { createKeyvFactory } from '../src/store/keyv-factory.js';

if (existsSync('.env')) process.loadEnvFile('.env');
const args = parseAuditExportArgs(process.argv.slice(2));
const store = storeUrlOf(process.env);
if ('problem' in args || !store.ok) {
  console.error(
    `npm run audit: ${'problem' in args ? args.problem : store.ok ? '' : store.problem}\n${AUDIT_USAGE}`,
  );
  process.exit(2);
}
const kv = createKeyvFactory(store.url, (err) => console.error('store error', err));
try {
  const entries = await openAuditLog(kv).list({ sinceMs: args.sinceMs, channel: args.channel });
  process.stdout.write(args.format === 'csv' ? auditCsv(entries) : `${JSON.stringify(entries, null, 2)}\n`);
} finally {
  await kv.close();
}
