import type { Mistral } from '@mistralai/mistralai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/index.js';
import { chatJsonl, expectSdkError, raw, sandboxWithClient } from './support.js';

let sandbox: Sandbox;
let client: Mistral;

beforeEach(async () => {
  ({ sandbox, client } = await sandboxWithClient({ speed: 1000 }));
});
afterEach(() => sandbox.close());

describe('files', () => {
  it('uploads a chat JSONL file through the SDK and describes it', async () => {
    const content = chatJsonl(12);
    const f = await client.files.upload({ file: { fileName: 'mine.jsonl', content }, purpose: 'fine-tune' });
    expect(f).toMatchObject({
      object: 'file',
      filename: 'mine.jsonl',
      sizeBytes: content.byteLength,
      numLines: 12,
      purpose: 'fine-tune',
      sampleType: 'instruct',
      source: 'upload',
    });
    expect(await client.files.retrieve({ fileId: f.id })).toMatchObject({ id: f.id, deleted: false });
    const again = await client.files.upload({
      file: { fileName: 'mine.jsonl', content },
      purpose: 'fine-tune',
    });
    expect(again.id).toBe(f.id); // same name and content: the existing file comes back (Mistral FAQ)
  });

  it('lists files newest first with purpose, search and paging', async () => {
    const all = await client.files.list({});
    expect(all.total).toBe(all.data.length);
    expect(all.data.map((f) => f.filename)).toContain('broken-train.jsonl');
    const batch = await client.files.list({ purpose: 'batch' });
    expect(batch.data.map((f) => f.purpose)).toEqual(['batch']);
    const search = await client.files.list({ search: 'SUPPORT-CHAT' });
    expect(search.data.map((f) => f.filename).sort()).toEqual([
      'support-chat-train.jsonl',
      'support-chat-valid.jsonl',
    ]);
    const page = await client.files.list({ page: 1, pageSize: 2, includeTotal: false });
    expect(page.data).toHaveLength(2);
    expect(page.total ?? null).toBeNull();
    expect(page.data[0]?.id).toBe(all.data[2]?.id);
  });

  it('downloads and deletes a file; unknown ids are 404, malformed ones 422', async () => {
    const content = chatJsonl(3);
    const f = await client.files.upload({ file: { fileName: 'dl.jsonl', content }, purpose: 'fine-tune' });
    const stream = await client.files.download({ fileId: f.id });
    expect(new Uint8Array(await new Response(stream).arrayBuffer())).toEqual(content);
    expect(await client.files.delete({ fileId: f.id })).toMatchObject({ id: f.id, deleted: true });
    expect((await expectSdkError(client.files.retrieve({ fileId: f.id }))).status).toBe(404);
    expect((await raw(sandbox, 'GET', '/v1/files/not-a-uuid')).status).toBe(422);
  });

  it('rejects an upload without a file or with an unknown purpose', async () => {
    const noFile = new FormData();
    noFile.set('purpose', 'fine-tune');
    const res1 = await fetch(`${sandbox.url}/v1/files`, { method: 'POST', body: noFile });
    expect(res1.status).toBe(422);
    expect(await res1.json()).toEqual({
      detail: [{ type: 'missing', loc: ['body', 'file'], msg: 'Field required' }],
    });
    const badPurpose = new FormData();
    badPurpose.set('file', new Blob([chatJsonl(1)]), 'x.jsonl');
    badPurpose.set('purpose', 'training');
    const res2 = await fetch(`${sandbox.url}/v1/files`, { method: 'POST', body: badPurpose });
    expect(res2.status).toBe(422);
  });
});

describe('models', () => {
  it('lists the documented fine-tunable base models, a few that are not, and the fine-tuned ones', async () => {
    const res = await client.models.list();
    const cards = (res.data ?? []).map(
      (m) => m as { id: string; type: string; capabilities: { fineTuning?: boolean } },
    );
    const tunable = cards.filter((m) => m.type === 'base' && m.capabilities.fineTuning).map((m) => m.id);
    expect(tunable.sort()).toEqual(
      [
        'open-mistral-7b',
        'mistral-small-latest',
        'codestral-latest',
        'open-mistral-nemo',
        'mistral-large-latest',
        'ministral-8b-latest',
        'ministral-3b-latest',
        'pixtral-12b-latest',
      ].sort(),
    );
    expect(cards.some((m) => m.type === 'base' && !m.capabilities.fineTuning)).toBe(true);
    const ft = cards.filter((m) => m.type === 'fine-tuned');
    expect(ft.map((m) => m.id)).toContainEqual(
      expect.stringMatching(/^ft:open-mistral-7b:support-bot:[0-9a-f]{8}$/),
    );
  });

  it('retrieves one model and answers 404 for an unknown one', async () => {
    expect(await client.models.retrieve({ modelId: 'codestral-latest' })).toMatchObject({
      id: 'codestral-latest',
      type: 'base',
    });
    const err = await expectSdkError(client.models.retrieve({ modelId: 'no-such-model' }));
    expect(err.status).toBe(404);
  });
});
