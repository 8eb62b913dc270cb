import type http from 'node:http';
import { isRecord, num, str } from './args.js';
import type { StandinState } from './core.js';
import { IdSequence, resolveChannel } from './ids.js';
import { fail, type MethodHandler, ok } from './methods/result.js';
import type { StoredFile } from './types.js';

/**
 * Slack's external file upload, as `WebClient.filesUploadV2` drives it:
 *   1. `files.getUploadURLExternal` (filename, exact byte length, alt text) → `upload_url`, `file_id`;
 *   2. a POST of the bytes to `upload_url` (multipart, no Web API token needed: the URL is the grant);
 *   3. `files.completeUploadExternal` (files [{id, title}], channel_id, thread_ts, initial_comment) →
 *      the file is shared as a message in the channel or thread, which `conversations.replies` then
 *      lists with its `files` (Slack shares asynchronously; here the share is there when step 3 answers).
 * The POST of step 2 is recorded in `calls` as method `files.upload` (not a Web API method), so a test
 * sees the three steps in order. Slack's errors: `invalid_arguments`, `alt_txt_too_large`,
 * `file_not_found` (completing an id never issued, or whose bytes never arrived), `invalid_length`
 * (bytes uploaded ≠ declared length), `thread_not_found`.
 */
interface Upload {
  id: string;
  filename: string;
  length: number;
  altText?: string;
  bytes?: Buffer;
  mimetype?: string;
  completed: boolean;
}

interface Uploads {
  /** `http://host:port` the app reached the stand-in at: where upload URLs point. */
  origin: string;
  ids: IdSequence;
  byId: Map<string, Upload>;
}

const registries = new WeakMap<StandinState, Uploads>();

function uploadsOf(state: StandinState): Uploads {
  let u = registries.get(state);
  if (!u) {
    u = { origin: 'http://127.0.0.1', ids: new IdSequence('F'), byId: new Map() };
    registries.set(state, u);
  }
  return u;
}

/**
 * Every file shared in a channel or thread, oldest first per channel, with the bytes uploaded. Read
 * from the messages, so `reset()` (which clears them) forgets the files too.
 */
export function uploadedFiles(state: StandinState): (StoredFile & { bytes: Buffer })[] {
  const { byId } = uploadsOf(state);
  const messages = state.messages
    .channels()
    .flatMap((c) => state.messages.channelMessages(c).flatMap((m) => state.messages.thread(c, m.ts) ?? []));
  const seen = new Set<string>();
  return messages
    .sort((a, b) => Number(a.ts) - Number(b.ts))
    .flatMap((m) => m.files ?? [])
    .flatMap((f) => {
      const bytes = byId.get(f.id)?.bytes;
      if (!bytes || seen.has(f.id)) return [];
      seen.add(f.id);
      return [{ ...f, bytes }];
    });
}

const MIME: Record<string, string> = { png: 'image/png', jsonl: 'application/jsonl', txt: 'text/plain' };

function fileObject(u: Upload, title?: string): StoredFile {
  const filetype = /\.([a-z0-9]+)$/i.exec(u.filename)?.[1]?.toLowerCase() ?? 'binary';
  return {
    id: u.id,
    name: u.filename,
    title: title ?? u.filename,
    mimetype:
      u.mimetype && u.mimetype !== 'application/octet-stream'
        ? u.mimetype
        : (MIME[filetype] ?? 'application/octet-stream'),
    filetype,
    size: u.bytes?.length ?? 0,
    ...(u.altText ? { alt_txt: u.altText } : {}),
  };
}

const getUploadUrl: MethodHandler = (state, args) => {
  const filename = str(args, 'filename');
  const length = num(args, 'length');
  if (!filename) return fail('invalid_arguments', 'missing required field: filename');
  if (length === undefined || length <= 0) return fail('invalid_arguments', 'missing required field: length');
  // Slack documents `alt_txt`; web-api 8.2.0 sends `alt_text`. Either is taken.
  const altText = str(args, 'alt_txt') ?? str(args, 'alt_text');
  if (altText && altText.length > 1000) return fail('alt_txt_too_large');
  const uploads = uploadsOf(state);
  const id = uploads.ids.next();
  uploads.byId.set(id, { id, filename, length, ...(altText ? { altText } : {}), completed: false });
  return ok({ upload_url: `${uploads.origin}/upload/v1/${id}`, file_id: id });
};

const completeUpload: MethodHandler = (state, args) => {
  let files: unknown = args.files;
  if (typeof files === 'string') {
    try {
      files = JSON.parse(files);
    } catch {
      return fail('invalid_arguments', 'files is not valid JSON');
    }
  }
  if (!Array.isArray(files) || files.length === 0) return fail('invalid_arguments', 'files is required');
  const uploads = uploadsOf(state);
  const done: { upload: Upload; title?: string }[] = [];
  for (const f of files) {
    const id = isRecord(f) && typeof f.id === 'string' ? f.id : undefined;
    const upload = id ? uploads.byId.get(id) : undefined;
    if (!upload?.bytes) return fail('file_not_found');
    if (upload.bytes.length !== upload.length) return fail('invalid_length');
    done.push({ upload, ...(isRecord(f) && typeof f.title === 'string' ? { title: f.title } : {}) });
  }
  const channelArg = str(args, 'channel_id');
  const threadTs = str(args, 'thread_ts');
  if (threadTs && !channelArg) return fail('invalid_arguments', 'thread_ts needs channel_id');
  const shared = done.map(({ upload, title }) => fileObject(upload, title));
  if (channelArg) {
    const { botUserId, botId, appId, teamId } = state.identity;
    const posted = state.messages.post({
      channel: resolveChannel(channelArg),
      text: str(args, 'initial_comment') ?? '',
      files: shared,
      user: botUserId,
      bot_id: botId,
      app_id: appId,
      team: teamId,
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
    if ('error' in posted) return fail(posted.error);
  }
  for (const { upload } of done) upload.completed = true;
  return ok({ files: shared.map((f) => ({ id: f.id, title: f.title })) });
};

export const fileUploadMethods: Record<string, MethodHandler> = {
  'files.getUploadURLExternal': getUploadUrl,
  'files.completeUploadExternal': completeUpload,
};

/**
 * The upload URL of step 2, and where upload URLs point: every request tells the stand-in the origin
 * the app reached it at. Answers Slack's plain `OK - <bytes>`; undefined for any other path.
 */
export async function routeFileUpload(
  state: StandinState,
  req: http.IncomingMessage,
  url: URL,
  body: Buffer,
): Promise<{ status: number; json: unknown } | undefined> {
  const uploads = uploadsOf(state);
  if (req.headers.host) uploads.origin = `http://${req.headers.host}`;
  const id = /^\/upload\/v1\/(F[0-9]+)$/.exec(url.pathname)?.[1];
  if (!id || req.method !== 'POST') return undefined;
  const upload = uploads.byId.get(id);
  const at = state.now();
  const record = (ok: boolean, status: number, bytes: number) =>
    state.record({ method: 'files.upload', args: { file_id: id, bytes }, at, token: undefined, ok, status });
  if (!upload || upload.completed) {
    record(false, 404, body.length);
    return { status: 404, json: 'Not Found' };
  }
  const type = req.headers['content-type'] ?? 'application/octet-stream';
  let bytes = body;
  if (type.startsWith('multipart/form-data')) {
    const form = await new Response(new Uint8Array(body), { headers: { 'content-type': type } }).formData();
    const file = [...form.values()].find((v): v is File => typeof v !== 'string');
    if (!file) {
      record(false, 400, body.length);
      return { status: 400, json: 'no file in the form' };
    }
    bytes = Buffer.from(await file.arrayBuffer());
    if (file.type) upload.mimetype = file.type;
  }
  upload.bytes = bytes;
  record(true, 200, bytes.length);
  return { status: 200, json: `OK - ${bytes.length}` };
}
