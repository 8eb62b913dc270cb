import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTogetherBackend, type TogetherBackendOptions } from '../../../src/backend/together/index.js';
import type { CreateJobRequest } from '../../../src/domain/job.js';
import { type SandboxOptions, startSandbox } from '../../../src/sandbox/index.js';

export const API_KEY = 'tg-test-key-0123456789';
export const TRAIN_FILE = 'support-chat-train.jsonl';
export const MISTRAL_7B = 'mistralai/Mistral-7B-Instruct-v0.2';

/** The Together dialect of the sandbox, and the adapter pointed at it over real HTTP. */
export async function togetherSandbox(
  options: SandboxOptions = {},
  backend: Partial<TogetherBackendOptions> = {},
) {
  const sandbox = await startSandbox({ dialect: 'together', apiKey: API_KEY, ...options });
  const tg = createTogetherBackend({
    apiKey: API_KEY,
    baseURL: `${sandbox.url}/v1`,
    label: sandbox.label,
    maxRetries: 0,
    ...backend,
  });
  return { sandbox, tg };
}

export function request(fileId: string, extra: Partial<CreateJobRequest> = {}): CreateJobRequest {
  return {
    model: MISTRAL_7B,
    training_files: [{ file_id: fileId }],
    hyperparameters: { epochs: 2, learning_rate: 2e-5 },
    suffix: 'support-bot',
    auto_start: true,
    ...extra,
  };
}

export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to fail');
}

/** A one-route stand-in for answers the sandbox never gives (odd statuses, broken bodies). */
export async function stubServer(answer: (req: IncomingMessage, res: ServerResponse) => void) {
  const server = createServer(answer);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

export const jsonAnswer =
  (status: number, body: unknown, headers: Record<string, string> = {}) =>
  (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
