import http from 'node:http';
import { ArgsError, parseBody, str } from './args.js';
import type { StandinState } from './core.js';
import { serveFileDownload } from './files-download.js';
import { routeFileUpload } from './files-upload.js';
import { resolveChannel } from './ids.js';
import { METHODS } from './methods/index.js';
import { handleResponsePost } from './responses.js';
import type { Args, MethodResult } from './types.js';

/** Bigger bodies are refused rather than buffered: a dev tool must not be taken down by a runaway test. */
const MAX_BODY_BYTES = 5 * 1024 * 1024;

interface Reply {
  status: number;
  json: unknown;
  headers?: Record<string, string>;
}

export function createStandinServer(state: StandinState, latencyMs: number): http.Server {
  return http.createServer((req, res) => {
    if (serveFileDownload(req, res)) return;
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(c);
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const reply: Promise<Reply> = tooLarge
        ? Promise.resolve({ status: 413, json: { ok: false, error: 'request_too_large' } })
        : route(state, req, body, latencyMs);
      reply
        .catch(
          (e: unknown): Reply => ({
            status: 200,
            json: { ok: false, error: 'internal_error', detail: e instanceof Error ? e.message : String(e) },
          }),
        )
        .then((r) => {
          if (res.destroyed) return;
          res.writeHead(r.status, { 'content-type': 'application/json; charset=utf-8', ...r.headers });
          res.end(JSON.stringify(r.json));
        });
    });
  });
}

async function route(
  state: StandinState,
  req: http.IncomingMessage,
  body: Buffer,
  latencyMs: number,
): Promise<Reply> {
  const url = new URL(req.url ?? '/', 'http://standin.invalid');
  if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
  const upload = await routeFileUpload(state, req, url, body);
  if (upload) return upload;
  const raw = body.toString('utf8');
  const api = /^\/api\/([A-Za-z0-9_.]+)$/.exec(url.pathname);
  if (api?.[1] && (req.method === 'POST' || req.method === 'GET')) {
    return callMethod(state, api[1], req, raw, url.searchParams);
  }
  const resp = /^\/response\/([A-Za-z0-9_-]+)$/.exec(url.pathname);
  if (resp?.[1] && req.method === 'POST') return postResponse(state, resp[1], raw);
  return { status: 404, json: { ok: false, error: 'not_found' } };
}

function callMethod(
  state: StandinState,
  method: string,
  req: http.IncomingMessage,
  raw: string,
  query: URLSearchParams,
): Reply {
  const at = state.now();
  let args: Args = {};
  let result: MethodResult;
  let status = 200;
  let headers: Record<string, string> | undefined;
  let token: string | undefined;
  try {
    args = parseBody(raw, req.headers['content-type'], query);
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    token = bearer ?? str(args, 'token');
    delete args.token;
    const handler = METHODS.get(method);
    const channelArg = str(args, 'channel');
    const fault =
      handler && token ? state.faults.take(method, channelArg && resolveChannel(channelArg)) : undefined;
    if (!handler) result = { ok: false, error: 'unknown_method' };
    else if (!token) result = { ok: false, error: 'not_authed' };
    else if (fault) {
      if (fault.afterProcessing) handler(state, args);
      result = { ok: false, error: fault.error };
      status = fault.status;
      if (fault.retryAfterSeconds !== undefined) headers = { 'retry-after': String(fault.retryAfterSeconds) };
    } else result = handler(state, args);
  } catch (e) {
    result =
      e instanceof ArgsError
        ? { ok: false, error: e.code, response_metadata: { messages: [`[ERROR] ${e.message}`] } }
        : { ok: false, error: 'internal_error' };
  }
  state.record({
    method,
    args,
    at,
    token,
    ok: result.ok,
    ...(result.ok ? {} : { error: result.error }),
    status,
  });
  return { status, json: result, ...(headers ? { headers } : {}) };
}

function postResponse(state: StandinState, id: string, raw: string): Reply {
  const fault = state.faults.take('response_url', state.responseUrls.get(id)?.ctx.channel);
  if (fault) {
    const headers: Record<string, string> =
      fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
    return {
      status: fault.status === 200 ? 500 : fault.status,
      json: { ok: false, error: fault.error },
      headers,
    };
  }
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    // Slack also takes form posts with a `payload` field; anything else is malformed.
    const payload = new URLSearchParams(raw).get('payload');
    try {
      body = payload ? JSON.parse(payload) : raw;
    } catch {
      body = raw;
    }
  }
  return handleResponsePost(state, id, body);
}
