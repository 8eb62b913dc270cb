import { type Ctx, type HttpResult, json, type Route, readMultipart } from '../http.js';
import type { SandboxStore } from '../store.js';
import type { FilePurpose, FileRecord } from '../types.js';
import { cursorPage, isPage } from './cursor.js';
import { invalid, notFound } from './errors.js';
import { fromFileId, toFileId } from './ids.js';
import { fileToOpenAI } from './serialize.js';

const ID = '([^/]+)';
/** The spec's upload purposes; the engine stores only these two (the others answer 400). */
const STORED: readonly FilePurpose[] = ['fine-tune', 'batch'];
const SPEC_PURPOSES = ['assistants', 'batch', 'fine-tune', 'vision', 'user_data', 'evals'];

/** `expires_after` as the SDK sends it (`expires_after[seconds]` fields) or as one JSON field. */
function expirySeconds(form: FormData): number | null | 'bad' {
  let anchor = form.get('expires_after[anchor]');
  let seconds: unknown = form.get('expires_after[seconds]');
  const whole = form.get('expires_after');
  if (typeof whole === 'string' && whole !== '') {
    try {
      const parsed = JSON.parse(whole) as { anchor?: unknown; seconds?: unknown };
      anchor = typeof parsed.anchor === 'string' ? parsed.anchor : null;
      seconds = parsed.seconds;
    } catch {
      return 'bad';
    }
  }
  if (anchor === null && (seconds === null || seconds === undefined)) return null;
  const n = Number(seconds);
  if (anchor !== 'created_at' || !Number.isInteger(n) || n < 3600 || n > 2_592_000) return 'bad';
  return n;
}

export function openaiFileRoutes(store: SandboxStore): Route[] {
  function withFile(ctx: Ctx, then: (f: FileRecord) => HttpResult): HttpResult {
    const edge = ctx.params[0] ?? '';
    const id = fromFileId(edge);
    const f = id === undefined ? undefined : store.files.get(id);
    return f ? then(f) : notFound('file', edge);
  }

  async function upload(ctx: Ctx): Promise<HttpResult> {
    const form = await readMultipart(ctx);
    if (form === 'not_multipart') return invalid('Uploads must be multipart/form-data.', 'file');
    if (form === 'malformed') return invalid('Malformed multipart/form-data body.', 'file');
    const file = form.get('file');
    const purpose = form.get('purpose');
    if (file === null || typeof file === 'string')
      return invalid('Missing required parameter: file.', 'file');
    if (typeof purpose !== 'string' || !SPEC_PURPOSES.includes(purpose))
      return invalid(`purpose must be one of ${SPEC_PURPOSES.join(', ')}.`, 'purpose');
    if (!(STORED as readonly string[]).includes(purpose))
      return invalid(`The sandbox stores only fine-tune and batch files, not ${purpose}.`, 'purpose');
    const name = file.name || 'upload.jsonl';
    if (purpose === 'fine-tune' && !name.endsWith('.jsonl'))
      return invalid('Fine-tuning only supports .jsonl files.', 'file', 'invalid_file_format');
    const expires = expirySeconds(form);
    if (expires === 'bad')
      return invalid('expires_after needs anchor "created_at" and 3600 to 2592000 seconds.', 'expires_after');
    const rec = store.addFile({
      filename: name,
      purpose: purpose as FilePurpose,
      content: new Uint8Array(await file.arrayBuffer()),
      expiryHours: expires === null ? null : expires / 3600,
    });
    return json(200, fileToOpenAI(rec));
  }

  function list(ctx: Ctx): HttpResult {
    const purpose = ctx.query.get('purpose');
    const order = ctx.query.get('order') ?? 'desc';
    if (order !== 'asc' && order !== 'desc') return invalid('order must be asc or desc.', 'order');
    const files = [...store.files.values()]
      .filter((f) => !purpose || f.purpose === purpose)
      .sort((a, b) => (order === 'desc' ? b.createdAtMs - a.createdAtMs : a.createdAtMs - b.createdAtMs))
      .map((f) => ({ id: toFileId(f.id), f }));
    const p = cursorPage(files, ctx.query, 10_000, 10_000);
    if (!isPage(p)) return p;
    const body: Record<string, unknown> = {
      object: 'list',
      data: p.data.map((x) => fileToOpenAI(x.f)),
      has_more: p.has_more,
    };
    // The spec types both as strings (never null): an empty page leaves them out.
    if (p.data.length > 0) {
      body.first_id = p.data[0]?.id;
      body.last_id = p.data[p.data.length - 1]?.id;
    }
    return json(200, body);
  }

  return [
    { method: 'POST', path: /^\/v1\/files\/?$/, key: 'POST /v1/files', handle: upload },
    { method: 'GET', path: /^\/v1\/files\/?$/, key: 'GET /v1/files', handle: list },
    {
      method: 'GET',
      path: new RegExp(`^/v1/files/${ID}/?$`),
      key: 'GET /v1/files/{id}',
      handle: (ctx) => withFile(ctx, (f) => json(200, fileToOpenAI(f))),
    },
    {
      method: 'DELETE',
      path: new RegExp(`^/v1/files/${ID}/?$`),
      key: 'DELETE /v1/files/{id}',
      handle: (ctx) =>
        withFile(ctx, (f) => {
          store.files.delete(f.id);
          return json(200, { id: toFileId(f.id), object: 'file', deleted: true });
        }),
    },
    {
      method: 'GET',
      path: new RegExp(`^/v1/files/${ID}/content/?$`),
      key: 'GET /v1/files/{id}/content',
      handle: (ctx) => withFile(ctx, (f) => ({ status: 200, body: null, raw: f.content })),
    },
  ];
}
