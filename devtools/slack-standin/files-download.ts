import { randomBytes } from 'node:crypto';
import type http from 'node:http';

/**
 * Files a user "uploaded" through a modal's `file_input`, hosted as Slack hosts them: the
 * `url_private_download` of a file answers its bytes only with a bot token in `Authorization`;
 * without one it answers Slack's HTML sign-in page with a 200 (bolt-js#2585). A file may first
 * redirect (302) to another path that demands the token too, so a client that drops the header on
 * a redirect gets the sign-in page; `signIn` serves that page whatever is sent (slack-go#1284).
 * Registered in server.ts with one line (`serveFileDownload`); tests host files with `hostSlackFile`.
 */
export interface HostFileInput {
  name: string;
  content: string | Uint8Array;
  /** Answer the first request with a 302 to another path on this host. */
  redirect?: boolean;
  /** Always the HTML sign-in page, even with the token. */
  signIn?: boolean;
  mimetype?: string;
  user?: string;
  /** Waits this long before answering (a slow download, past the modal's ack budget). */
  delayMs?: number;
}

/** What Slack puts in `view.state.values[block][action].files[]` (bolt's `UploadedFile`, abridged). */
export interface UploadedFilePayload {
  id: string;
  created: number;
  timestamp: number;
  name: string;
  title: string;
  mimetype: string;
  filetype: string;
  pretty_type: string;
  user: string;
  size: number;
  mode: 'hosted';
  is_external: false;
  is_public: false;
  url_private: string;
  url_private_download: string;
  permalink: string;
}

export interface DownloadRecord {
  fileId: string;
  path: string;
  /** A bot token was in `Authorization` (the token itself is never recorded). */
  authorized: boolean;
  status: number;
}

interface Hosted extends HostFileInput {
  id: string;
  bytes: Uint8Array;
}

class FileHost {
  readonly files = new Map<string, Hosted>();
  readonly downloads: DownloadRecord[] = [];
}

/** One host per stand-in, found by the port it listens on (the stand-in's state is not exposed). */
const hosts = new Map<string, FileHost>();
const hostFor = (port: string) => {
  let h = hosts.get(port);
  if (!h) {
    h = new FileHost();
    hosts.set(port, h);
  }
  return h;
};

export const SIGN_IN_PAGE =
  '<!DOCTYPE html><html><head><title>Slack</title></head><body><h1>Sign in to standin</h1><form action="/signin"></form></body></html>';

/** Hosts a file on the stand-in at `url` and returns the `file_input` file object Slack would send. */
export function hostSlackFile(standin: { url: string }, input: HostFileInput): UploadedFilePayload {
  const base = new URL(standin.url);
  const id = `F${randomBytes(5).toString('hex').toUpperCase()}`;
  const bytes = typeof input.content === 'string' ? new TextEncoder().encode(input.content) : input.content;
  hostFor(base.port).files.set(id, { ...input, id, bytes });
  const now = Math.floor(Date.now() / 1000);
  const path = `/files-pri/T0000TEAM-${id}`;
  const filetype = input.name.split('.').pop() ?? 'text';
  return {
    id,
    created: now,
    timestamp: now,
    name: input.name,
    title: input.name,
    mimetype: input.mimetype ?? 'application/octet-stream',
    filetype,
    pretty_type: filetype.toUpperCase(),
    user: input.user ?? 'U0000USER',
    size: bytes.byteLength,
    mode: 'hosted',
    is_external: false,
    is_public: false,
    url_private: `${standin.url}${path}/${encodeURIComponent(input.name)}`,
    url_private_download: `${standin.url}${path}/download/${encodeURIComponent(input.name)}`,
    permalink: `${standin.url}/files/U0000USER/${id}/${encodeURIComponent(input.name)}`,
  };
}

/** Every download attempt of this stand-in's files, in arrival order. */
export function fileDownloads(standin: { url: string }): readonly DownloadRecord[] {
  return hostFor(new URL(standin.url).port).downloads;
}

const FILE_PATH = /^\/files-(pri|tmb)\/[A-Z0-9]+-(F[0-9A-F]+)\/(download\/)?[^/]+$/;

/** Answers a file download (true) or leaves the request to the Web API routes (false). */
export function serveFileDownload(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  const url = new URL(req.url ?? '/', 'http://standin.invalid');
  const m = FILE_PATH.exec(url.pathname);
  if (!m || req.method !== 'GET') return false;
  const host = hostFor(String(req.socket.localPort));
  const file = host.files.get(m[2] as string);
  const authorized = /^Bearer\s+xox[bp]-\S+$/i.test(req.headers.authorization ?? '');
  const answer = (status: number, headers: Record<string, string>, body: string | Uint8Array) => {
    host.downloads.push({ fileId: m[2] as string, path: url.pathname, authorized, status });
    setTimeout(() => {
      if (res.destroyed) return;
      res.writeHead(status, headers);
      res.end(body);
    }, file?.delayMs ?? 0);
  };
  if (!file) {
    answer(404, { 'content-type': 'text/plain' }, 'file_not_found');
    return true;
  }
  if (!authorized || file.signIn) {
    answer(200, { 'content-type': 'text/html; charset=utf-8' }, SIGN_IN_PAGE);
    return true;
  }
  if (file.redirect && m[1] === 'pri') {
    const location = url.pathname.replace('/files-pri/', '/files-tmb/');
    answer(302, { location, 'content-type': 'text/plain' }, '');
    return true;
  }
  answer(
    200,
    {
      'content-type': file.mimetype ?? 'application/octet-stream',
      'content-length': String(file.bytes.byteLength),
    },
    file.bytes,
  );
  return true;
}
