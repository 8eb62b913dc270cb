/**
 * Downloads a file a user uploaded through a modal's `file_input` (its `url_private_download`) with
 * the bot token. Slack answers a request without the token with its HTML sign-in page and a 200, and a
 * fetch that follows a redirect to another origin drops `Authorization`, so redirects are followed by
 * hand (the token is sent again only to a trusted origin) and an HTML answer is refused. The token
 * goes into the `Authorization` header only: never into a URL, a log line or an error.
 */
export type DownloadResult =
  | { ok: true; content: Uint8Array }
  | { ok: false; reason: DownloadRefusal; status?: number };

export type DownloadRefusal = 'html' | 'too_large' | 'http' | 'untrusted' | 'redirects' | 'network';

export type SlackFileDownloader = (url: string) => Promise<DownloadResult>;

/** Slack's limit for a file uploaded through `file_input`. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
const MAX_REDIRECTS = 3;
const TIMEOUT_MS = 60_000;

export interface DownloaderOptions {
  token: string;
  /** SLACK_API_URL: its origin (a local stand-in) is trusted too. */
  apiUrl?: string;
  maxBytes?: number;
  fetchFn?: typeof fetch;
}

/** Slack's own hosts, and the configured Web API's origin: the only places the token is sent. */
export function isTrustedOrigin(url: URL, apiUrl?: string): boolean {
  if (apiUrl && new URL(apiUrl).origin === url.origin) return true;
  const host = url.hostname.toLowerCase();
  return url.protocol === 'https:' && (host === 'slack.com' || host.endsWith('.slack.com'));
}

export function createSlackFileDownloader(o: DownloaderOptions): SlackFileDownloader {
  const fetchFn = o.fetchFn ?? fetch;
  const maxBytes = o.maxBytes ?? MAX_UPLOAD_BYTES;
  return async (start: string) => {
    let url: URL;
    try {
      url = new URL(start);
    } catch {
      return { ok: false, reason: 'untrusted' };
    }
    if (!isTrustedOrigin(url, o.apiUrl)) return { ok: false, reason: 'untrusted' };
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      let res: Response;
      try {
        res = await fetchFn(url, {
          headers: isTrustedOrigin(url, o.apiUrl) ? { authorization: `Bearer ${o.token}` } : {},
          redirect: 'manual',
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
      } catch {
        return { ok: false, reason: 'network' };
      }
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        await res.body?.cancel();
        url = new URL(location, url);
        continue;
      }
      if (!res.ok) {
        await res.body?.cancel();
        return { ok: false, reason: 'http', status: res.status };
      }
      if (/text\/html/i.test(res.headers.get('content-type') ?? '')) {
        await res.body?.cancel();
        return { ok: false, reason: 'html' };
      }
      return readCapped(res, maxBytes);
    }
    return { ok: false, reason: 'redirects' };
  };
}

async function readCapped(res: Response, maxBytes: number): Promise<DownloadResult> {
  const declared = Number(res.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await res.body?.cancel();
    return { ok: false, reason: 'too_large' };
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (!res.body) return { ok: true, content: new Uint8Array() };
  for await (const chunk of res.body) {
    size += chunk.byteLength;
    if (size > maxBytes) return { ok: false, reason: 'too_large' };
    chunks.push(chunk);
  }
  const content = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    content.set(c, at);
    at += c.byteLength;
  }
  // Slack's sign-in page can come without a content type: an HTML document is never JSONL.
  if (/^\s*<(!doctype html|html)/i.test(new TextDecoder().decode(content.subarray(0, 64)))) {
    return { ok: false, reason: 'html' };
  }
  return { ok: true, content };
}
