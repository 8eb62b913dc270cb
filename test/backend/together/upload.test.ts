import { afterEach, describe, expect, it } from 'vitest';
import { BackendError } from '../../../src/backend/errors.js';
import { createTogetherBackend } from '../../../src/backend/together/index.js';
import { API_KEY, rejection, stubServer, togetherSandbox } from './support.js';

const JSONL = new TextEncoder().encode(
  `${JSON.stringify({
    messages: [
      { role: 'user', content: 'Where is my order?' },
      { role: 'assistant', content: 'On its way.' },
    ],
  })}\n`,
);

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanup.map((c) => c()));
  cleanup = [];
});

async function sandbox() {
  const requested: string[] = [];
  const recording: typeof fetch = (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    requested.push(`${init?.method ?? 'GET'} ${url}`);
    return fetch(input, init);
  };
  const s = await togetherSandbox({}, { fetch: recording });
  cleanup.push(() => s.sandbox.close());
  return { ...s, requested };
}

describe('Together uploadFile over the sandbox', () => {
  it('uploads through the multipart route: the file is listed by its name and size, and its bytes read back', async () => {
    const { tg, sandbox: sb, requested } = await sandbox();
    sb.resetStats();
    const file = await tg.uploadFile({ filename: '/home/me/exports/orders-train.jsonl', content: JSONL });
    expect(file).toMatchObject({
      filename: 'orders-train.jsonl',
      bytes: JSONL.byteLength,
      purpose: 'fine-tune',
    });
    expect(file.num_lines).toBeNull();
    const listed = (await tg.listFiles()).find((f) => f.id === file.id);
    expect(listed).toMatchObject({ filename: 'orders-train.jsonl', bytes: JSONL.byteLength });
    expect(await tg.getFileContent(file.id)).toEqual(JSONL);
    // The SDK's files.upload() would POST /v1/files?file_name=<local path> and PUT to a signed URL.
    const stats = sb.stats();
    expect(stats['POST /v1/files/upload']).toBe(1);
    expect(Object.keys(stats).filter((k) => /^(POST|PUT)\b/.test(k))).toEqual(['POST /v1/files/upload']);
    expect(requested.filter((r) => r.includes('file_name=') || r.startsWith('PUT '))).toEqual([]);
    expect(requested.some((r) => r.includes('/home/me'))).toBe(false);
  });

  it('strips a Windows path down to the file name', async () => {
    const { tg } = await sandbox();
    const file = await tg.uploadFile({ filename: 'C:\\Users\\me\\train.jsonl', content: JSONL });
    expect(file.filename).toBe('train.jsonl');
  });

  it("Together's 400 for a file without a name is an invalid request, not a crash", async () => {
    const { tg } = await sandbox();
    const e = await rejection(tg.uploadFile({ filename: '', content: JSONL }));
    expect(e).toBeInstanceOf(BackendError);
    expect((e as BackendError).kind).toBe('invalid_request');
    expect((e as BackendError).status).toBe(400);
    expect((e as BackendError).message).not.toContain(API_KEY);
  });

  it('a file over the size limit (413) is an invalid request: the user needs a smaller file', async () => {
    const { tg } = await sandbox();
    const big = new Uint8Array(11 * 1024 * 1024).fill(0x20);
    const e = await rejection(tg.uploadFile({ filename: 'big.jsonl', content: big }));
    expect((e as BackendError).kind).toBe('invalid_request');
  });

  it('an upload answer without an id is a bad response', async () => {
    const stub = await stubServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'file', filename: 'x.jsonl', bytes: 3, purpose: 'fine-tune' }));
    });
    cleanup.push(stub.close);
    const tg = createTogetherBackend({
      apiKey: API_KEY,
      baseURL: stub.url,
      label: 'Together',
      maxRetries: 0,
    });
    const e = await rejection(tg.uploadFile({ filename: 'x.jsonl', content: JSONL }));
    expect((e as BackendError).kind).toBe('bad_response');
  });
});
