import { afterEach, describe, expect, it } from 'vitest';
import type { FineTuningBackend } from '../../src/backend/backend.js';
import type { ProviderId } from '../../src/backend/capabilities.js';
import { createProviderBackend } from '../../src/backend/providers.js';
import type { Job } from '../../src/domain/job.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';

const KEY = 'scan-test-key-0123456789';
const JOBS = 230;

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function backendOn(provider: ProviderId): Promise<{ backend: FineTuningBackend; sandbox: Sandbox }> {
  const sb = await startSandbox({ dialect: provider, apiKey: KEY, seed: false });
  sandbox = sb;
  const backend = await createProviderBackend({
    name: provider,
    apiKey: KEY,
    baseUrl: provider === 'mistral' ? sb.url : `${sb.url}/v1`,
    label: sb.label,
  });
  return { backend, sandbox: sb };
}

async function scanAll(backend: FineTuningBackend, after: number, sb: Sandbox) {
  const pages: { jobs: Job[]; requests: number; total?: number }[] = [];
  for await (const page of backend.scanJobs(after)) {
    pages.push({ jobs: page.jobs, requests: sb.stats().total, total: page.total });
    sb.resetStats();
  }
  return pages;
}

/**
 * The poller learns many statuses at once from a scan: every page is exactly one request to the
 * provider, holds only jobs of the window, and together the pages hold every job of the window.
 */
describe.each([
  ['mistral', 3],
  ['openai', 3],
  ['together', 1],
] as const)('scanJobs on the %s wire format', (provider, expectedPages) => {
  it('covers the window one provider request per page, and nothing older', async () => {
    const { backend, sandbox: sb } = await backendOn(provider);
    const ids = sb.addSyntheticJobs({ count: JOBS, active: 0 });
    const all = new Map<string, Job>();
    for await (const page of backend.scanJobs(0)) for (const j of page.jobs) all.set(j.id, j);
    // Each wire format dresses the sandbox's ids its own way (`ftjob-…`, `ft-…`).
    const bare = (id: string) => id.replace(/^ft(job)?-/, '').replaceAll('-', '');
    expect([...all.keys()].map(bare).sort()).toEqual(ids.map(bare).sort());

    // A window that leaves out the 30 oldest (synthetic jobs are a minute apart, newest first).
    const created = [...all.values()].map((j) => j.created_at).sort((a, b) => a - b);
    const after = created[29] as number;
    sb.resetStats();
    const pages = await scanAll(backend, after, sb);
    expect(pages).toHaveLength(expectedPages);
    for (const p of pages) expect(p.requests).toBe(1);
    const inWindow = pages.flatMap((p) => p.jobs);
    expect(inWindow.every((j) => j.created_at > after)).toBe(true);
    expect(new Set(inWindow.map((j) => j.id)).size).toBe(JOBS - 30);
  });
});
