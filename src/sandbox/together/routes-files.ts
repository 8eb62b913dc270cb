import type { Ctx, HttpResult, Route } from '../http.js';
import { json, readMultipart } from '../http.js';
import type { SandboxStore } from '../store.js';
import type { FilePurpose, FileRecord } from '../types.js';
import { invalid, togetherError } from './errors.js';
import { fileIdFromWire } from './ids.js';
import { TOGETHER_PURPOSE, togetherFile } from './wire.js';

const ID = '([^/]+)';
const FILE_TYPES = ['jsonl', 'csv', 'parquet'];

/** Together's FilePurpose values the engine can hold, by the engine's name for them. */
const PURPOSE_IN = Object.fromEntries(Object.entries(TOGETHER_PURPOSE).map(([k, v]) => [v, k])) as Record<
  string,
  FilePurpose
>;

/** `/v1/files*` in Together's format, over the engine's file store. */
export function togetherFileRoutes(store: SandboxStore): Route[] {
  function withFile(ctx: Ctx, then: (f: FileRecord) => HttpResult): HttpResult {
    const wire = ctx.params[0] ?? '';
    const id = fileIdFromWire(wire);
    const f = id ? store.files.get(id) : undefined;
    return f ? then(f) : togetherError(404, 'not_found', `File ${wire} not found.`);
  }

  async function upload(ctx: Ctx): Promise<HttpResult> {
    const form = await readMultipart(ctx);
    if (form === 'not_multipart') return invalid('The body must be multipart/form-data.', 'file');
    if (form === 'malformed') return invalid('Malformed multipart/form-data body.', 'file');
    const file = form.get('file');
    const purpose = form.get('purpose');
    const name = form.get('file_name');
    const fileType = form.get('file_type') ?? 'jsonl';
    if (file === null || typeof file === 'string') return invalid('file is required.', 'file');
    if (typeof name !== 'string' || name === '') return invalid('file_name is required.', 'file_name');
    if (typeof purpose !== 'string' || !Object.hasOwn(PURPOSE_IN, purpose))
      return invalid(`purpose must be one of ${Object.keys(PURPOSE_IN).join(', ')}.`, 'purpose');
    if (typeof fileType !== 'string' || !FILE_TYPES.includes(fileType))
      return invalid('file_type must be jsonl, csv or parquet.', 'file_type');
    const rec = store.addFile({
      filename: name,
      purpose: PURPOSE_IN[purpose] as FilePurpose,
      content: new Uint8Array(await file.arrayBuffer()),
    });
    return json(200, togetherFile(rec));
  }

  const list = (): HttpResult =>
    json(200, {
      data: [...store.files.values()].sort((a, b) => b.createdAtMs - a.createdAtMs).map(togetherFile),
    });

  return [
    { method: 'POST', path: /^\/v1\/files\/upload\/?$/, key: 'POST /v1/files/upload', handle: upload },
    { method: 'GET', path: /^\/v1\/files\/?$/, key: 'GET /v1/files', handle: list },
    {
      method: 'GET',
      path: new RegExp(`^/v1/files/${ID}/?$`),
      key: 'GET /v1/files/{id}',
      handle: (ctx) => withFile(ctx, (f) => json(200, togetherFile(f))),
    },
    {
      method: 'DELETE',
      path: new RegExp(`^/v1/files/${ID}/?$`),
      key: 'DELETE /v1/files/{id}',
      handle: (ctx) =>
        withFile(ctx, (f) => {
          store.files.delete(f.id);
          return json(200, { id: togetherFile(f).id, deleted: true });
        }),
    },
    {
      method: 'GET',
      path: new RegExp(`^/v1/files/${ID}/content/?$`),
      key: 'GET /v1/files/{id}/content',
      handle: (ctx) =>
        withFile(ctx, (f) => ({
          status: 200,
          body: null,
          raw: f.content,
          headers: { 'content-type': 'text/plain; charset=utf-8' },
        })),
    },
  ];
}
