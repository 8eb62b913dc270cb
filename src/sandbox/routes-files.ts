import { type Ctx, detail, type HttpResult, json, type Route, readMultipart } from './http.js';
import { UUID_RE } from './prng.js';
import { QueryReader } from './query.js';
import { fileToWire } from './serialize.js';
import type { SandboxStore } from './store.js';
import type { FilePurpose, FileRecord } from './types.js';

const PURPOSES = ['fine-tune', 'batch', 'ocr'] as const satisfies readonly FilePurpose[];
const VISIBILITIES = ['workspace', 'user'] as const;
const ID = '([^/]+)';

export function fileRoutes(store: SandboxStore): Route[] {
  function withFile(ctx: Ctx, then: (f: FileRecord) => HttpResult): HttpResult {
    const id = ctx.params[0] ?? '';
    if (!UUID_RE.test(id)) {
      return detail(422, [
        { type: 'uuid_parsing', loc: ['path', 'file_id'], msg: 'Input should be a valid UUID', input: id },
      ]);
    }
    const f = store.files.get(id);
    return f ? then(f) : detail(404, `File ${id} not found.`);
  }

  async function upload(ctx: Ctx): Promise<HttpResult> {
    const form = await readMultipart(ctx);
    if (form === 'not_multipart')
      return detail(422, [{ type: 'missing', loc: ['body', 'file'], msg: 'Field required' }]);
    if (form === 'malformed') return detail(422, 'Malformed multipart/form-data body.');
    const file = form.get('file');
    const purpose = form.get('purpose') ?? 'fine-tune';
    const visibility = form.get('visibility') ?? 'workspace';
    const expiry = form.get('expiry');
    const issues = [];
    if (file === null || typeof file === 'string')
      issues.push({ type: 'missing', loc: ['body', 'file'], msg: 'Field required' });
    if (typeof purpose !== 'string' || !(PURPOSES as readonly string[]).includes(purpose)) {
      issues.push({
        type: 'enum',
        loc: ['body', 'purpose'],
        msg: "Input should be 'fine-tune', 'batch' or 'ocr'",
        input: String(purpose),
      });
    }
    if (typeof visibility !== 'string' || !(VISIBILITIES as readonly string[]).includes(visibility)) {
      issues.push({
        type: 'enum',
        loc: ['body', 'visibility'],
        msg: "Input should be 'workspace' or 'user'",
        input: String(visibility),
      });
    }
    const expiryHours = typeof expiry === 'string' && expiry !== '' ? Number(expiry) : null;
    if (expiryHours !== null && !(Number.isInteger(expiryHours) && expiryHours > 0)) {
      issues.push({
        type: 'int_parsing',
        loc: ['body', 'expiry'],
        msg: 'Input should be a valid integer',
        input: expiry,
      });
    }
    if (issues.length > 0 || file === null || typeof file === 'string') return detail(422, issues);
    const rec = store.addFile({
      filename: file.name || 'upload.jsonl',
      purpose: purpose as FilePurpose,
      content: new Uint8Array(await file.arrayBuffer()),
      mimetype: file.type && file.type !== 'application/octet-stream' ? file.type : null,
      visibility: visibility as 'workspace' | 'user',
      expiryHours,
    });
    return json(200, fileToWire(rec));
  }

  function list(ctx: Ctx): HttpResult {
    const q = new QueryReader(ctx.query);
    const page = q.int('page', 0, 0);
    const pageSize = q.int('page_size', 100, 1);
    const includeTotal = q.bool('include_total') ?? true;
    const purpose = q.oneOf('purpose', PURPOSES);
    const search = q.string('search')?.toLowerCase();
    const sampleTypes = q.all('sample_type');
    const sources = q.all('source');
    const mimetypes = q.all('mimetypes');
    if (q.issues.length > 0) return detail(422, q.issues);
    const matches = [...store.files.values()]
      .filter(
        (f) =>
          (purpose === undefined || f.purpose === purpose) &&
          (search === undefined || f.filename.toLowerCase().includes(search)) &&
          (sampleTypes.length === 0 || sampleTypes.includes(f.sampleType)) &&
          (sources.length === 0 || sources.includes(f.source)) &&
          (mimetypes.length === 0 || (f.mimetype !== null && mimetypes.includes(f.mimetype))),
      )
      .sort((a, b) => b.createdAtMs - a.createdAtMs);
    const data = matches.slice(page * pageSize, (page + 1) * pageSize).map((f) => fileToWire(f));
    return json(200, { data, object: 'list', total: includeTotal ? matches.length : null });
  }

  return [
    { method: 'POST', path: /^\/v1\/files\/?$/, key: 'POST /v1/files', handle: upload },
    { method: 'GET', path: /^\/v1\/files\/?$/, key: 'GET /v1/files', handle: list },
    {
      method: 'GET',
      path: new RegExp(`^/v1/files/${ID}/?$`),
      key: 'GET /v1/files/{id}',
      handle: (ctx) => withFile(ctx, (f) => json(200, fileToWire(f, true))),
    },
    {
      method: 'DELETE',
      path: new RegExp(`^/v1/files/${ID}/?$`),
      key: 'DELETE /v1/files/{id}',
      handle: (ctx) =>
        withFile(ctx, (f) => {
          store.files.delete(f.id);
          return json(200, { id: f.id, object: 'file', deleted: true });
        }),
    },
    {
      method: 'GET',
      path: new RegExp(`^/v1/files/${ID}/content/?$`),
      key: 'GET /v1/files/{id}/content',
      handle: (ctx) => withFile(ctx, (f) => ({ status: 200, body: null, raw: f.content })),
    },
    {
      method: 'GET',
      path: new RegExp(`^/v1/files/${ID}/url/?$`),
      key: 'GET /v1/files/{id}/url',
      handle: (ctx) => {
        const q = new QueryReader(ctx.query);
        const hours = q.int('expiry', 24, 1);
        if (hours > 168)
          q.issues.push({
            type: 'less_than_equal',
            loc: ['query', 'expiry'],
            msg: 'Input should be less than or equal to 168',
            input: String(hours),
          });
        if (q.issues.length > 0) return detail(422, q.issues);
        return withFile(ctx, (f) => json(200, { url: `${ctx.origin}/v1/files/${f.id}/content` }));
      },
    },
  ];
}
