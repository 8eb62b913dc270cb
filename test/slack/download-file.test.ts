import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileDownloads, hostSlackFile } from '../../devtools/slack-standin/files-download.js';
import { type SlackStandin, startSlackStandin } from '../../devtools/slack-standin.js';
import { createSlackFileDownloader, isTrustedOrigin } from '../../src/slack/download-file.js';

const TOKEN = 'xoxb-test-0000-download-token';
let standin: SlackStandin;

beforeAll(async () => {
  standin = await startSlackStandin();
});
afterAll(async () => {
  await standin?.close();
});

const download = (o: { maxBytes?: number } = {}) =>
  createSlackFileDownloader({ token: TOKEN, apiUrl: standin.apiUrl, ...o });

describe('downloading a file_input file from Slack (the stand-in, over HTTP)', () => {
  it('sends the bot token and gets the bytes', async () => {
    const f = hostSlackFile(standin, { name: 'train.jsonl', content: '{"a":1}\n' });
    const r = await download()(f.url_private_download);
    expect(r).toEqual({ ok: true, content: new TextEncoder().encode('{"a":1}\n') });
    expect(fileDownloads(standin).at(-1)).toMatchObject({ fileId: f.id, authorized: true, status: 200 });
  });

  it('without the token Slack answers its sign-in page with a 200 (what the stand-in does too)', async () => {
    const f = hostSlackFile(standin, { name: 'train.jsonl', content: '{}' });
    const res = await fetch(f.url_private_download);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('refuses an HTML answer even with the token', async () => {
    const f = hostSlackFile(standin, { name: 'train.jsonl', content: '{}', signIn: true });
    expect(await download()(f.url_private_download)).toEqual({ ok: false, reason: 'html' });
  });

  it('follows a 302 by hand and sends the token again', async () => {
    const f = hostSlackFile(standin, { name: 'train.jsonl', content: 'x', redirect: true });
    expect(await download()(f.url_private_download)).toMatchObject({ ok: true });
    const mine = fileDownloads(standin).filter((d) => d.fileId === f.id);
    expect(mine.map((d) => [d.status, d.authorized])).toEqual([
      [302, true],
      [200, true],
    ]);
  });

  it('refuses a file over the limit without keeping it', async () => {
    const f = hostSlackFile(standin, { name: 'big.jsonl', content: 'x'.repeat(2048) });
    expect(await download({ maxBytes: 1024 })(f.url_private_download)).toEqual({
      ok: false,
      reason: 'too_large',
    });
  });

  it('never sends the token anywhere but Slack and the configured API host', async () => {
    let sent = false;
    const spy = createSlackFileDownloader({
      token: TOKEN,
      fetchFn: async () => {
        sent = true;
        return new Response('');
      },
    });
    expect(await spy('https://evil.example/files-pri/T-F1/download/x.jsonl')).toEqual({
      ok: false,
      reason: 'untrusted',
    });
    expect(sent).toBe(false);
    expect(isTrustedOrigin(new URL('https://files.slack.com/files-pri/T-F/download/a'))).toBe(true);
    expect(isTrustedOrigin(new URL('http://files.slack.com/a'))).toBe(false);
    expect(isTrustedOrigin(new URL('https://slack.com.evil.example/a'))).toBe(false);
  });

  it('drops the token when a redirect leaves the trusted hosts', async () => {
    const seen: Array<string | null> = [];
    const fetchFn = (async (url: URL, init?: RequestInit) => {
      seen.push(new Headers(init?.headers).get('authorization'));
      if (url.hostname === 'files.slack.com')
        return new Response(null, { status: 302, headers: { location: 'https://cdn.example/x' } });
      return new Response('{"a":1}', { headers: { 'content-type': 'application/octet-stream' } });
    }) as typeof fetch;
    const r = await createSlackFileDownloader({ token: TOKEN, fetchFn })(
      'https://files.slack.com/files-pri/T-F/download/a',
    );
    expect(r.ok).toBe(true);
    expect(seen).toEqual([`Bearer ${TOKEN}`, null]);
  });
});
