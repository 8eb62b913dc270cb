import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { ValidationIssue } from './validation.js';

/** What a handler returns; the server writes it. Handlers never touch the socket. */
export interface HttpResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** For the one non-JSON answer (file download). */
  raw?: Uint8Array;
}

export interface Ctx {
  params: string[];
  query: URLSearchParams;
  body: Buffer;
  headers: IncomingHttpHeaders;
  /** `http://host:port`, for links the sandbox hands out (signed file urls). */
  origin: string;
}

export interface Route {
  method: string;
  path: RegExp;
  /** The stats key, e.g. `GET /v1/fine_tuning/jobs/{id}`. */
  key: string;
  handle(ctx: Ctx): HttpResult | Promise<HttpResult>;
}

/** Bodies above this are refused with 413 before they can fill memory. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

export const json = (status: number, body: unknown, headers?: Record<string, string>): HttpResult =>
  headers ? { status, body, headers } : { status, body };

/** FastAPI's error shape: `{"detail": "..."}` or `{"detail": [issues]}`. */
export const detail = (status: number, d: string | ValidationIssue[]): HttpResult =>
  json(status, { detail: d });

/** Mistral's generic error shape (`detail` as a string or a list of field problems). */
export const apiError = (status: number, type: string, message: string, headers?: Record<string, string>) =>
  json(status, { object: 'error', type, message, param: null, code: null }, headers);

export type BodyRead = { ok: true; body: Buffer } | { ok: false };

/** Reads the whole body, or drains and drops it once it passes the limit (never buffers more). */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<BodyRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        tooBig = true;
        chunks.length = 0;
      } else if (!tooBig) chunks.push(c);
    });
    req.on('end', () => resolve(tooBig ? { ok: false } : { ok: true, body: Buffer.concat(chunks) }));
    // A client that hangs up mid-body gets no answer anyway; resolving (once) frees the handler.
    req.on('error', () => resolve({ ok: false }));
    req.on('close', () => resolve({ ok: false }));
  });
}

export function send(res: ServerResponse, r: HttpResult): void {
  if (res.writableEnded || res.destroyed) return;
  const isRaw = r.raw !== undefined;
  const payload = isRaw ? r.raw : JSON.stringify(r.body);
  res.writeHead(r.status, {
    'content-type': isRaw ? 'application/octet-stream' : 'application/json',
    ...r.headers,
  });
  res.end(payload);
}

export function matchRoute(
  routes: readonly Route[],
  method: string,
  pathname: string,
): { route: Route; params: string[] } | { allowed: string[] } | null {
  const allowed: string[] = [];
  for (const route of routes) {
    const m = route.path.exec(pathname);
    if (!m) continue;
    if (route.method === method) return { route, params: m.slice(1).map(safeDecode) };
    allowed.push(route.method);
  }
  return allowed.length > 0 ? { allowed } : null;
}

/** A malformed escape (`%E0%A4%A`) is kept verbatim: it then fails id validation instead of throwing. */
function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * The form of a multipart/form-data upload, or why there is none. Node's fetch `Request` parses the
 * body, so no extra dependency is needed.
 */
export async function readMultipart(ctx: Ctx): Promise<FormData | 'not_multipart' | 'malformed'> {
  const type = String(ctx.headers['content-type'] ?? '');
  if (!type.toLowerCase().startsWith('multipart/form-data')) return 'not_multipart';
  try {
    return await new Request('http://sandbox/upload', {
      method: 'POST',
      headers: { 'content-type': type },
      body: ctx.body,
    }).formData();
  } catch {
    return 'malformed';
  }
}
