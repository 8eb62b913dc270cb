import { afterEach, describe, expect, it } from 'vitest';
import { BackendError } from '../../../src/backend/errors.js';
import { createOpenAIBackend, UPLOAD_EXPIRES_AFTER } from '../../../src/backend/openai/openai-backend.js';
import { caught, KEY, openaiSandbox, stubServer } from './support.js';

const JSONL = new TextEncoder().encode(
  `${JSON.stringify({
    messages: [
      { role: 'user', content: 'Reset my password' },
      { role: 'assistant', content: 'Done.' },
    ],
  })}\n`,
);

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanup.map((c) => c()));
  cleanup = [];
});

async function sandbox() {
  const s = await openaiSandbox();
  cleanup.push(() => s.sandbox.close());
  return s;
}

/** A stand-in answering every request with one JSON body. */
async function answering(status: number, body: unknown) {
  const stub = await stubServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  cleanup.push(stub.close);
  return createOpenAIBackend({
    apiKey: KEY,
    baseURL: `${stub.url}/v1`,
    label: 'Azure AI Foundry',
    maxRetries: 0,
  });
}

describe('OpenAI-shape uploadFile over the sandbox', () => {
  it('uploads with files.create: the file is listed by its name and size, and its bytes read back', async () => {
    const { backend } = await sandbox();
    const file = await backend.uploadFile({ filename: '/tmp/slack-uploads/helpdesk.jsonl', content: JSONL });
    expect(file).toMatchObject({ filename: 'helpdesk.jsonl', bytes: JSONL.byteLength, purpose: 'fine-tune' });
    const listed = (await backend.listFiles()).find((f) => f.id === file.id);
    expect(listed).toMatchObject({ filename: 'helpdesk.jsonl', bytes: JSONL.byteLength });
    expect(await backend.getFileContent(file.id)).toEqual(JSONL);
  });

  it('sends expires_after (Azure requires it): the file expires 30 days after it was created', async () => {
    const { sandbox: sb, backend } = await sandbox();
    const file = await backend.uploadFile({ filename: 'helpdesk.jsonl', content: JSONL });
    const res = await fetch(`${sb.url}/v1/files/${file.id}`, { headers: { authorization: `Bearer ${KEY}` } });
    const raw = (await res.json()) as { created_at: number; expires_at?: number };
    expect(raw.expires_at).toBe(raw.created_at + 2_592_000);
    expect(UPLOAD_EXPIRES_AFTER).toEqual({ anchor: 'created_at', seconds: 2_592_000 });
  });

  it('a file that is not .jsonl is refused by the provider (400) as an invalid request', async () => {
    const { backend } = await sandbox();
    const e = await caught(backend.uploadFile({ filename: 'helpdesk.csv', content: JSONL }));
    expect(e).toBeInstanceOf(BackendError);
    expect((e as BackendError).kind).toBe('invalid_request');
    expect((e as BackendError).status).toBe(400);
    expect((e as BackendError).message).not.toContain(KEY);
    expect((await backend.listFiles()).some((f) => f.filename === 'helpdesk.csv')).toBe(false);
  });

  it('a file over the size limit (413) is an invalid request', async () => {
    const { backend } = await sandbox();
    const big = new Uint8Array(11 * 1024 * 1024).fill(0x20);
    expect(
      ((await caught(backend.uploadFile({ filename: 'big.jsonl', content: big }))) as BackendError).kind,
    ).toBe('invalid_request');
  });

  it("an Azure file in status error is refused with the provider's reason", async () => {
    const backend = await answering(200, {
      object: 'file',
      id: 'file-1',
      bytes: 12,
      created_at: 1_790_000_000,
      filename: 'helpdesk.jsonl',
      purpose: 'fine-tune',
      status: 'error',
      status_details: 'Invalid file format: line 3 is not valid JSON.',
    });
    const e = (await caught(
      backend.uploadFile({ filename: 'helpdesk.jsonl', content: JSONL }),
    )) as BackendError;
    expect(e).toBeInstanceOf(BackendError);
    expect(e.kind).toBe('invalid_request');
    expect(e.message).toContain('line 3 is not valid JSON');
  });

  it('an Azure file still pending or processed is a FileInfo', async () => {
    for (const status of ['pending', 'processed']) {
      const backend = await answering(200, {
        object: 'file',
        id: `file-${status}`,
        bytes: 12,
        created_at: 1_790_000_000,
        filename: 'helpdesk.jsonl',
        purpose: 'fine-tune',
        status,
      });
      expect(await backend.uploadFile({ filename: 'helpdesk.jsonl', content: JSONL })).toEqual({
        id: `file-${status}`,
        filename: 'helpdesk.jsonl',
        bytes: 12,
        num_lines: null,
        purpose: 'fine-tune',
        created_at: 1_790_000_000,
      });
    }
  });

  it('an upload answer without bytes is a bad response', async () => {
    const backend = await answering(200, {
      object: 'file',
      id: 'file-1',
      filename: 'x.jsonl',
      purpose: 'fine-tune',
      created_at: 1,
    });
    expect(
      ((await caught(backend.uploadFile({ filename: 'x.jsonl', content: JSONL }))) as BackendError).kind,
    ).toBe('bad_response');
  });
});
