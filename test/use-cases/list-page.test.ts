import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import type { FineTuningBackend } from '../../src/backend/backend.js';
import { MISTRAL_CAPABILITIES } from '../../src/backend/capabilities.js';
import type { Job, JobPage, ListJobsQuery } from '../../src/domain/job.js';
import type { WatchService } from '../../src/domain/watch.js';
import { SecretRegistry } from '../../src/logging/logger.js';
import { openAuditLog } from '../../src/store/audit-log.js';
import { createBudgetStore } from '../../src/store/budget-store.js';
import { type CreatedJob, createCreatorStore } from '../../src/store/creators.js';
import { createKeyvFactory } from '../../src/store/keyv-factory.js';
import { createSentFiles } from '../../src/store/sent-files.js';
import { openSetIndex } from '../../src/store/set-index.js';
import type { AppDeps } from '../../src/use-cases/deps.js';
import { buildListFor, LIST_PAGE_SIZE } from '../../src/use-cases/list-page.js';
import { jobRowBlockId } from '../../src/views/ids.js';
import { makeJob, NOW } from '../views/fixtures.js';

/**
 * The list's order must not depend on the backend: Mistral does not document one, and the sandbox
 * happens to answer newest first. This backend answers oldest first on purpose.
 */
function oldestFirstBackend(all: Job[]): FineTuningBackend {
  const sorted = [...all].sort((a, b) => a.created_at - b.created_at);
  const unused = () => Promise.reject(new Error('the list never calls this'));
  return {
    label: 'Mistral sandbox',
    capabilities: MISTRAL_CAPABILITIES,
    async listJobs(q: ListJobsQuery = {}): Promise<JobPage> {
      const page = q.page ?? 0;
      const pageSize = q.pageSize ?? 100;
      const jobs = sorted.slice(page * pageSize, (page + 1) * pageSize);
      return { jobs, total: sorted.length, hasMore: (page + 1) * pageSize < sorted.length, page, pageSize };
    },
    scanJobs: () => ({
      [Symbol.asyncIterator]: () => ({ next: unused }),
    }),
    getJob: unused,
    createJob: unused,
    estimateJob: unused,
    startJob: unused,
    cancelJob: unused,
    listFiles: unused,
    listModels: unused,
    getFileContent: unused,
    uploadFile: unused,
  };
}

// The creators' records in a SQLite file, as in production.
const dir = mkdtempSync(join(tmpdir(), 'list-page-'));
const kv = createKeyvFactory(`sqlite://${join(dir, 'store.sqlite')}`, () => undefined);
afterAll(async () => {
  await kv.close();
  rmSync(dir, { recursive: true, force: true });
});

function depsWith(backend: FineTuningBackend) {
  const creators = createCreatorStore(kv.open<CreatedJob>('creators'), openSetIndex(kv, 'userjobix'));
  const deps: AppDeps = {
    backend,
    creators,
    // The list never watches: any use of this would throw and fail the test.
    watches: new Proxy(
      {},
      { get: () => () => Promise.reject(new Error('unexpected watch')) },
    ) as WatchService,
    uploads: { upload: () => Promise.reject(new Error('unexpected upload')) },
    isOperator: async () => true,
    downloadSlackFile: async () => ({ ok: false, reason: 'network' }),
    sentFiles: createSentFiles(kv.open('sentfiles')),
    home: {
      publish: () => Promise.reject(new Error('unexpected Home')),
      jobApplied: () => {},
      close: () => {},
    },
    audit: openAuditLog(kv),
    budgets: createBudgetStore(kv),
    logger: pino({ level: 'silent' }),
    secrets: new SecretRegistry(),
    now: () => NOW * 1000,
    sandbox: true,
    provider: { label: 'Mistral', keyVariable: 'MISTRAL_API_KEY' },
  };
  return { deps, creators };
}

/** Job ids in the order the rows show them (the Details button carries the full id). */
function rowIds(blocks: { block_id?: string; accessory?: unknown }[]): string[] {
  const out: string[] = [];
  for (let i = 0; ; i++) {
    const row = blocks.find((b) => b.block_id === jobRowBlockId(i));
    if (!row) return out;
    out.push((row.accessory as { value: string }).value);
  }
}

const jobs = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    makeJob({ id: `${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`, created_at: NOW - 1000 + i }),
  );

describe('buildListFor', () => {
  it('shows a page newest first even when the backend answers oldest first', async () => {
    const all = jobs(5);
    const { deps } = depsWith(oldestFirstBackend(all));
    const msg = await buildListFor(deps, { page: 1 }, 'U1');
    const newest = [...all].reverse().map((j) => j.id);
    expect(rowIds(msg.blocks)).toEqual(newest);
  });

  it('sorts all of "mine" before paging, so page 1 holds the newest of the user\'s jobs', async () => {
    const all = jobs(30);
    const { deps, creators } = depsWith(oldestFirstBackend(all));
    // Every other job was created through the bot by U1; the rest by someone else.
    const mine = all.filter((_, i) => i % 2 === 0);
    for (const j of all) {
      const userId = mine.includes(j) ? 'U1' : 'U2';
      await creators.recordCreated({ jobId: j.id, userId, channel: 'C1', createdAt: j.created_at });
    }
    const newestMine = [...mine].reverse().map((j) => j.id);
    const page1 = await buildListFor(deps, { page: 1, mine: true }, 'U1');
    expect(rowIds(page1.blocks)).toEqual(newestMine.slice(0, LIST_PAGE_SIZE));
    const page2 = await buildListFor(deps, { page: 2, mine: true }, 'U1');
    expect(rowIds(page2.blocks)).toEqual(newestMine.slice(LIST_PAGE_SIZE, 2 * LIST_PAGE_SIZE));
    expect(page1.text).toContain(`${mine.length} jobs`);
  });
});
