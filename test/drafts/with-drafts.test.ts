import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FineTuningBackend } from '../../src/backend/backend.js';
import { isBackendError } from '../../src/backend/errors.js';
import { createTogetherBackend } from '../../src/backend/together/together-backend.js';
import type { CreateJobRequest } from '../../src/domain/job.js';
import { createDraftStore, DRAFT_EXPIRES_SECONDS } from '../../src/drafts/draft-store.js';
import { withBotDrafts } from '../../src/drafts/with-drafts.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { createKeyvFactory, type KeyvFactory } from '../../src/store/keyv-factory.js';

/**
 * Bot-held drafts over a real provider adapter (Together's, against the sandbox's Together dialect over
 * HTTP) and the SQLite store on disk: what a user relies on when a provider starts every job it is given.
 */
let sandbox: Sandbox;
let inner: FineTuningBackend;
let dir: string;
let t = Date.UTC(2026, 11, 1, 12);
const now = () => t;
const factories: KeyvFactory[] = [];
const KEY = 'k'.repeat(40);

/** A process of the bot: its own store handle and memory, the same file. */
function processOfTheBot(): FineTuningBackend {
  const kv = createKeyvFactory(`sqlite://${join(dir, 'store.sqlite')}`, () => undefined);
  factories.push(kv);
  return withBotDrafts(inner, { store: createDraftStore(kv), now });
}

async function request(file: string, suffix: string): Promise<CreateJobRequest> {
  const files = await inner.listFiles();
  const id = files.find((f) => f.filename === file)?.id;
  if (!id) throw new Error(`no ${file} in the sandbox`);
  return {
    model: (await inner.listModels())[0]?.id ?? '',
    training_files: [{ file_id: id }],
    hyperparameters: { epochs: 1 },
    suffix,
    integrations: [{ type: 'wandb', project: 'support-bot', api_key: KEY }],
    auto_start: false,
  };
}

beforeAll(async () => {
  sandbox = await startSandbox({ dialect: 'together', speed: 50, now });
  inner = createTogetherBackend({
    apiKey: 'sandbox',
    baseURL: `${sandbox.url}/v1`,
    label: 'Together sandbox',
  });
  dir = mkdtempSync(join(tmpdir(), 'drafts-'));
});
afterAll(async () => {
  await Promise.all(factories.map((f) => f.close()));
  await sandbox?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a draft the bot holds', () => {
  it('survives a restart, is started once from the new process, and never stores the W&B key', async () => {
    const before = processOfTheBot();
    const providerJobs = (await inner.listJobs({ pageSize: 100 })).total;
    const draft = await before.createJob(await request('support-chat-train.jsonl', 'restart'));
    expect(draft.status).toBe('VALIDATED');
    expect((await inner.listJobs({ pageSize: 100 })).total).toBe(providerJobs);
    expect(readFileSync(join(dir, 'store.sqlite')).includes(KEY)).toBe(false);

    const after = processOfTheBot();
    expect((await after.getJob(draft.id)).status).toBe('VALIDATED');
    const started = await after.startJob(draft.id);
    expect(started.id).toBe(draft.id);
    expect(started.provider_job_id).toMatch(/^ft-/);
    expect((await inner.listJobs({ pageSize: 100 })).total).toBe((providerJobs ?? 0) + 1);
    // The key lived only in the first process's memory: the provider job runs without W&B rather than keyless.
    expect(started.integrations).toEqual([]);
    await expect(after.startJob(draft.id)).rejects.toSatisfy(
      (e) => isBackendError(e) && e.kind === 'conflict',
    );
  });

  it('passes the W&B key on when started by the process that took it', async () => {
    const bot = processOfTheBot();
    const draft = await bot.createJob(await request('support-chat-train.jsonl', 'samekey'));
    const started = await bot.startJob(draft.id);
    expect(started.integrations.map((i) => i.project)).toEqual(['support-bot']);
  });

  it('starts one provider job when Start is pressed twice at once', async () => {
    const bot = processOfTheBot();
    const draft = await bot.createJob(await request('support-chat-train.jsonl', 'twice'));
    const before = (await inner.listJobs({ pageSize: 100 })).total ?? 0;
    const both = await Promise.allSettled([bot.startJob(draft.id), bot.startJob(draft.id)]);
    expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((await inner.listJobs({ pageSize: 100 })).total).toBe(before + 1);
  });

  it('fails validation with the bad line of the file, and spends nothing', async () => {
    const bot = processOfTheBot();
    const before = (await inner.listJobs({ pageSize: 100 })).total;
    const draft = await bot.getJob((await bot.createJob(await request('broken-train.jsonl', 'broken'))).id);
    expect(draft.status).toBe('FAILED_VALIDATION');
    expect(JSON.stringify(draft.events)).toMatch(/line 3/);
    await expect(bot.startJob(draft.id)).rejects.toSatisfy((e) => isBackendError(e) && e.kind === 'conflict');
    expect((await inner.listJobs({ pageSize: 100 })).total).toBe(before);
  });

  it(`expires after ${DRAFT_EXPIRES_SECONDS / 86_400} days without a start, and says why`, async () => {
    const bot = processOfTheBot();
    const draft = await bot.createJob(await request('support-chat-train.jsonl', 'late'));
    t += (DRAFT_EXPIRES_SECONDS - 60) * 1000;
    expect((await bot.getJob(draft.id)).status).toBe('VALIDATED');
    t += 120 * 1000;
    const expired = await bot.getJob(draft.id);
    expect(expired.status).toBe('CANCELLED');
    expect(JSON.stringify(expired.events)).toMatch(/expired/);
    await expect(bot.startJob(draft.id)).rejects.toSatisfy((e) => isBackendError(e) && e.kind === 'conflict');
    expect((await bot.listJobs({ pageSize: 100 })).jobs.map((j) => j.id)).not.toContain(draft.id);
  });

  it('passes an upload through to the provider, and a draft can train on the uploaded file', async () => {
    const bot = processOfTheBot();
    const line = JSON.stringify({
      messages: [
        { role: 'user', content: 'Can I change my delivery address?' },
        { role: 'assistant', content: 'Yes, until the parcel ships.' },
      ],
    });
    const content = new TextEncoder().encode(`${line}\n${line}\n`);
    const file = await bot.uploadFile({ filename: 'slack/uploaded-train.jsonl', content });
    expect(file.filename).toBe('uploaded-train.jsonl');
    expect(await inner.getFileContent(file.id)).toEqual(content);
    const draft = await bot.createJob(await request('uploaded-train.jsonl', 'uploaded'));
    expect(draft.status).toBe('VALIDATED');
  });
});
