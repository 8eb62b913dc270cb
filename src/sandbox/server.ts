import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { dialectFor } from './dialects.js';
import { checkFaults, defaultFaults } from './faults.js';
import { type Ctx, detail, type HttpResult, json, matchRoute, type Route, readBody, send } from './http.js';
import { mulberry32 } from './prng.js';
import { adminRoutes } from './routes-admin.js';
import { addSyntheticJobs, seedSandbox } from './seed.js';
import { SandboxStore } from './store.js';
import type { Sandbox, SandboxOptions, SandboxStats } from './types.js';

/** Fixed seeds: ids, injected errors and metric noise replay identically from run to run. */
const ID_SEED = 0x5eed;
const FAULT_SEED = 0xfa17;

/**
 * Starts a Mistral-compatible fine-tuning server (jobs, files, models) on 127.0.0.1. The real SDK
 * can be pointed at `sandbox.url`; the app uses it when no MISTRAL_API_KEY is configured.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const speed = options.speed && options.speed > 0 ? options.speed : 1;
  const cap = options.maxRunning;
  if (cap !== undefined && !(Number.isInteger(cap) && cap >= 1))
    throw new Error(`maxRunning must be a whole number of at least 1 (got ${cap})`);
  const store = new SandboxStore(options.now ?? Date.now, speed, mulberry32(ID_SEED), cap);
  const faults = defaultFaults();
  const faultRng = mulberry32(FAULT_SEED);
  const counts = new Map<string, number>();
  let total = 0;

  const stats = (): SandboxStats => Object.assign(Object.fromEntries(counts), { total });
  const resetStats = () => {
    counts.clear();
    total = 0;
  };
  const dialect = dialectFor(options.dialect);
  if (options.seed !== false) seedSandbox(store, dialect.seed);
  const v1: Route[] = dialect.routes(store, faults);
  const admin = adminRoutes({
    faults,
    stats,
    resetStats,
    removeJob: (id) => store.removeJob(id),
    shapeJob: (id, shape) => store.shapeJob(id, shape),
  });

  const authorized = (req: IncomingMessage) =>
    !options.apiKey || req.headers.authorization === `Bearer ${options.apiKey}`;

  async function answer(req: IncomingMessage, origin: string): Promise<HttpResult> {
    const method = req.method ?? 'GET';
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://sandbox');
    } catch {
      return detail(400, 'Bad request URL.');
    }
    const read = await readBody(req);
    if (!read.ok) return detail(413, 'Request body too large (the sandbox accepts at most 10 MB).');
    const isV1 = url.pathname.startsWith('/v1/');
    const routes = isV1 ? v1 : url.pathname.startsWith('/_sandbox/') ? admin : [];
    const match = matchRoute(routes, method, url.pathname);

    if (isV1) {
      const key = match && 'route' in match ? match.route.key : `${method} (unmatched)`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      total++;
    }
    if (!authorized(req))
      return dialect.error(401, 'authentication_error', 'Unauthorized: invalid or missing API key.');
    if (isV1) {
      if (faults.latencyMs > 0) await sleep(faults.latencyMs);
      const fault = checkFaults(faults, faultRng, dialect.isJobsPath(url.pathname), dialect.error);
      if (fault) return fault;
    }
    if (!match)
      return dialect.name === 'mistral'
        ? detail(404, 'Not Found')
        : dialect.error(404, 'not_found', 'Not Found');
    if (!('route' in match))
      return json(405, { detail: 'Method Not Allowed' }, { allow: match.allowed.join(', ') });
    const ctx: Ctx = {
      params: match.params,
      query: url.searchParams,
      body: read.body,
      headers: req.headers,
      origin,
    };
    return match.route.handle(ctx);
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const origin = `http://${req.headers.host ?? '127.0.0.1'}`;
    answer(req, origin)
      .catch((e: unknown) => {
        // A bug must cost one request, never the server.
        console.error('[sandbox] handler error', e);
        return dialect.error(500, 'server_error', 'Internal sandbox error.');
      })
      .then((r) => send(res, r));
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable)
      socket.end(
        'HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\n\r\n{"detail":"Bad request"}',
      );
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;

  return {
    url: `http://${host}:${port}`,
    dialect: dialect.name,
    label: dialect.label,
    port,
    faults,
    stats,
    resetStats,
    addSyntheticJobs: (opts) => addSyntheticJobs(store, opts),
    removeJob: (id) => {
      store.removeJob(id);
    },
    shapeJob: (id, shape) => store.shapeJob(id, shape) ?? [`no job ${id}`],
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive sockets (the SDK's fetch pool) would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}
