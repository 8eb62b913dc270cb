import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createOpenAIBackend,
  type OpenAIBackendOptions,
} from '../../../src/backend/openai/openai-backend.js';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../../src/sandbox/index.js';

export const KEY = 'sk-test-not-a-real-key-0123456789';

/** The OpenAI dialect of the sandbox and the adapter pointed at it (`/v1` is part of the base). */
export async function openaiSandbox(
  options: SandboxOptions = {},
  backend: Partial<OpenAIBackendOptions> = {},
) {
  const sandbox = await startSandbox({ dialect: 'openai', apiKey: KEY, ...options });
  const client = createOpenAIBackend({
    apiKey: KEY,
    baseURL: `${sandbox.url}/v1`,
    label: sandbox.label,
    maxRetries: 0,
    ...backend,
  });
  return { sandbox, backend: client };
}

export async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to fail');
}

/** A tiny HTTP server answering each request with `handler`; for answers the sandbox never gives. */
export async function stubServer(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

/** Forwards `/openai/v1/*` to the sandbox's `/v1/*`: the sandbox as reached through Azure's base path. */
export async function azurePathProxy(sandbox: Sandbox) {
  const seen: string[] = [];
  const proxy = await stubServer((req, res) => {
    const url = req.url ?? '/';
    seen.push(url);
    if (!url.startsWith('/openai/v1/')) {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers))
        if (typeof v === 'string' && k !== 'host') headers.set(k, v);
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      const r = await fetch(`${sandbox.url}${url.slice('/openai'.length)}`, {
        method: req.method,
        headers,
        body,
      });
      const out = Buffer.from(await r.arrayBuffer());
      res
        .writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json' })
        .end(out);
    });
  });
  return { ...proxy, seen };
}
