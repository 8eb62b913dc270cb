import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FineTuningBackend } from '../../src/backend/backend.js';
import { BackendError } from '../../src/backend/errors.js';
import { createMistralBackend } from '../../src/backend/mistral-backend.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';

const JSONL = new TextEncoder().encode(
  `${JSON.stringify({
    messages: [
      { role: 'user', content: 'Bonjour' },
      { role: 'assistant', content: 'Salut !' },
    ],
  })}\n`,
);

async function rejection(p: Promise<unknown>): Promise<BackendError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof BackendError) return e;
    throw new Error(`expected a BackendError, got ${String(e)}`);
  }
  throw new Error('expected the call to fail');
}

describe('Mistral uploadFile over the sandbox', () => {
  let sandbox: Sandbox;
  let backend: FineTuningBackend;
  beforeAll(async () => {
    sandbox = await startSandbox({ speed: 1, apiKey: 'mistral-test-key' });
    backend = createMistralBackend({
      serverURL: sandbox.url,
      apiKey: 'mistral-test-key',
      label: 'Mistral sandbox',
    });
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('uploads with files.upload: the file is listed by its name and size, and its bytes read back', async () => {
    const file = await backend.uploadFile({ filename: '/var/tmp/slack/greetings.jsonl', content: JSONL });
    expect(file).toMatchObject({
      filename: 'greetings.jsonl',
      bytes: JSONL.byteLength,
      purpose: 'fine-tune',
    });
    const listed = (await backend.listFiles()).find((f) => f.id === file.id);
    expect(listed).toMatchObject({ filename: 'greetings.jsonl', bytes: JSONL.byteLength });
    expect(await backend.getFileContent(file.id)).toEqual(JSONL);
  });

  it('a file over the size limit (413) is an invalid request: the user needs a smaller file', async () => {
    const big = new Uint8Array(11 * 1024 * 1024).fill(0x20);
    const e = await rejection(backend.uploadFile({ filename: 'big.jsonl', content: big }));
    expect(e.kind).toBe('invalid_request');
    expect(e.status).toBe(413);
    expect(e.message).not.toContain('mistral-test-key');
  });
});

describe('Mistral uploadFile against a stand-in', () => {
  let server: http.Server;
  let status = 200;
  let body = '';
  let url = '';
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(body);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  const client = () =>
    createMistralBackend({ serverURL: url, apiKey: 'k', label: 'Mistral', timeoutMs: 2000 });

  it("Mistral's 422 for a refused file is an invalid request naming the field", async () => {
    status = 422;
    body = JSON.stringify({
      detail: [
        { type: 'value_error', loc: ['body', 'file'], msg: 'Value error, the file is empty', input: null },
      ],
    });
    const e = await rejection(client().uploadFile({ filename: 'empty.jsonl', content: new Uint8Array() }));
    expect(e.kind).toBe('invalid_request');
    expect(e.fieldProblems[0]?.loc).toContain('file');
  });

  it('an upload answer without an id is a bad response', async () => {
    status = 200;
    body = JSON.stringify({
      object: 'file',
      bytes: 3,
      filename: 'x.jsonl',
      purpose: 'fine-tune',
      created_at: 1,
    });
    expect((await rejection(client().uploadFile({ filename: 'x.jsonl', content: JSONL }))).kind).toBe(
      'bad_response',
    );
  });
});
