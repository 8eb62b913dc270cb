import { describe, expect, it } from 'vitest';
import { type Fetch, turnTakingFetch } from '../../src/lib/turn-fetch.js';

/** A transport whose answers all land at the same moment (as 20 answers to calls sent together do). */
function together(n: number) {
  let release = () => {};
  const landed = new Promise<void>((r) => {
    release = r;
  });
  let asked = 0;
  const base: Fetch = async (input) => {
    asked += 1;
    if (asked === n) release();
    await landed;
    const res = new Response(JSON.stringify({ asked: String(input) }), {
      status: 200,
      headers: { 'content-type': 'application/json', 'x-request-id': String(input) },
    });
    Object.defineProperty(res, 'url', { value: String(input) });
    return res;
  };
  return base;
}

describe('turnTakingFetch', () => {
  it('hands answers that land together to their callers one per turn, with I/O read between them', async () => {
    const http = turnTakingFetch(together(4));
    const log: string[] = [];
    const calls = [0, 1, 2, 3].map(async (k) => {
      const res = await http(`http://provider/${k}`);
      log.push(`answer ${k}`);
      // What a socket read after this answer would run: on the next turn.
      setImmediate(() => log.push(`next turn after ${k}`));
      return res.json();
    });
    const bodies = await Promise.all(calls);
    await new Promise((r) => setImmediate(r));
    // Handed over in the same turn, all four answers would come before any "next turn".
    expect(log.indexOf('next turn after 0')).toBeLessThan(log.indexOf('answer 2'));
    expect(bodies).toEqual([0, 1, 2, 3].map((k) => ({ asked: `http://provider/${k}` })));
  });

  it('keeps what the SDK reads: status, headers, body, URL; no body where the status allows none', async () => {
    const base: Fetch = async (input) => {
      const status = String(input).endsWith('gone') ? 204 : 429;
      const res = new Response(status === 204 ? null : '{"error":"slow down"}', {
        status,
        statusText: status === 204 ? 'No Content' : 'Too Many Requests',
        headers: { 'retry-after': '7' },
      });
      Object.defineProperty(res, 'url', { value: String(input) });
      return res;
    };
    const http = turnTakingFetch(base);
    const limited = await http('http://provider/jobs');
    expect([limited.status, limited.statusText, limited.headers.get('retry-after'), limited.url]).toEqual([
      429,
      'Too Many Requests',
      '7',
      'http://provider/jobs',
    ]);
    expect(await limited.json()).toEqual({ error: 'slow down' });
    const gone = await http('http://provider/jobs/gone');
    expect([gone.status, gone.body, await gone.text()]).toEqual([204, null, '']);
  });
});
