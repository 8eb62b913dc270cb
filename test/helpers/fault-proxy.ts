import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP hop between the app and a sandbox that answers chosen routes itself. The sandbox's
 * own faults (latency, 503 rate, 429, 410, failing job ids) hit every route alike; these tests need
 * one route to fail while the others work (`GET /v1/models` down, a 422 the sandbox never makes).
 */
export interface ProxyRule {
  method: string;
  /** Tested against the path with its query string (`/v1/fine_tuning/jobs?dry_run=true`). */
  path: RegExp;
  /** How many requests it answers; then it is spent. Undefined = every one. */
  times?: number;
  answer(request: { body: string }): { status: number; body: unknown };
}

export interface FaultProxy {
  /** Give this to the app as MISTRAL_SERVER_URL. */
  url: string;
  rules: ProxyRule[];
  /** `METHOD path` of every request the proxy answered itself. */
  readonly faulted: string[];
  close(): Promise<void>;
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const rules: ProxyRule[] = [];
  const faulted: string[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readAll(req);
      const method = req.method ?? 'GET';
      const path = req.url ?? '/';
      const rule = rules.find((r) => r.method === method && r.path.test(path) && (r.times ?? 1) > 0);
      if (rule) {
        if (rule.times !== undefined) rule.times -= 1;
        faulted.push(`${method} ${path}`);
        const out = rule.answer({ body: body.toString('utf8') });
        res.writeHead(out.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(out.body));
        return;
      }
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) {
        if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers.set(k, v);
      }
      const upstream = await fetch(new URL(req.url ?? '/', target), {
        method,
        headers,
        body: method === 'GET' || method === 'HEAD' ? undefined : body,
      });
      const out = Buffer.from(await upstream.arrayBuffer());
      res.writeHead(upstream.status, {
        'content-type': upstream.headers.get('content-type') ?? 'application/json',
      });
      res.end(out);
    })().catch((err: unknown) => {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ detail: `fault proxy: ${String(err)}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    rules,
    faulted,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
