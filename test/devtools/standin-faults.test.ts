import { WebAPIHTTPError, WebAPIRateLimitedError } from '@slack/web-api';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { manualClock, slackError, standinWithClient } from './standin-fixture.js';

const { standin, client } = await standinWithClient();
beforeEach(() => standin.reset());
afterAll(() => standin.close());

describe('fault injection', () => {
  it('fails the next call once, then behaves again', async () => {
    standin.injectFault({ method: 'chat.postMessage', error: 'channel_not_found' });
    expect(await slackError(client.chat.postMessage({ channel: 'C1', text: 'x' }))).toBe('channel_not_found');
    await client.chat.postMessage({ channel: 'C1', text: 'x' });
    expect(standin.callsTo('chat.postMessage').map((c) => c.error ?? 'ok')).toEqual([
      'channel_not_found',
      'ok',
    ]);
    expect(standin.channelMessages('C1')).toHaveLength(1);
  });

  it('limits a fault to one channel', async () => {
    standin.injectFault({
      method: 'chat.postMessage',
      channel: 'C_ARCHIVED',
      error: 'is_archived',
      times: Infinity,
    });
    await client.chat.postMessage({ channel: 'C_OK', text: 'x' });
    expect(await slackError(client.chat.postMessage({ channel: 'C_ARCHIVED', text: 'x' }))).toBe(
      'is_archived',
    );
    expect(await slackError(client.chat.postMessage({ channel: 'C_ARCHIVED', text: 'y' }))).toBe(
      'is_archived',
    );
    standin.clearFaults();
    await client.chat.postMessage({ channel: 'C_ARCHIVED', text: 'z' });
    expect(standin.channelMessages('C_ARCHIVED').map((m) => m.text)).toEqual(['z']);
  });

  it('answers 429 with Retry-After; WebClient with rejectRateLimitedCalls rejects', async () => {
    standin.injectFault({ method: 'chat.update', status: 429, retryAfterSeconds: 7 });
    const err = await client.chat.update({ channel: 'C1', ts: '1.1', text: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebAPIRateLimitedError);
    expect((err as WebAPIRateLimitedError).retryAfter).toBe(7);
    expect(standin.callsTo('chat.update')[0]).toMatchObject({ status: 429, error: 'ratelimited' });
  });

  it('can answer other HTTP statuses', async () => {
    standin.injectFault({ method: 'auth.test', status: 503 });
    const err = await client.auth.test().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebAPIHTTPError);
    expect((err as WebAPIHTTPError).statusCode).toBe(503);
  });
});

describe('robustness', () => {
  const post = (path: string, body: string, type: string, auth = 'Bearer xoxb-test') =>
    fetch(`${standin.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': type, authorization: auth },
      body,
    });

  it('answers invalid_arguments for malformed bodies and keeps serving', async () => {
    const badJson = await post('/api/chat.postMessage', '{"channel":', 'application/json');
    expect(badJson.status).toBe(200);
    expect(await badJson.json()).toMatchObject({ ok: false, error: 'invalid_arguments' });
    const badBlocks = await post(
      '/api/chat.postMessage',
      'channel=C1&text=x&blocks=%5B%7B',
      'application/x-www-form-urlencoded',
    );
    expect(await badBlocks.json()).toMatchObject({ ok: false, error: 'invalid_arguments' });
    const notArray = await post(
      '/api/chat.postMessage',
      JSON.stringify({ channel: 'C1', blocks: {} }),
      'application/json',
    );
    expect(await notArray.json()).toMatchObject({ ok: false, error: 'invalid_blocks_format' });
    expect((await client.auth.test()).ok).toBe(true);
  });

  it('accepts JSON bodies like Slack', async () => {
    const r = await post(
      '/api/chat.postMessage',
      JSON.stringify({ channel: 'C1', text: 'json' }),
      'application/json',
    );
    expect(await r.json()).toMatchObject({ ok: true, channel: 'C1' });
  });

  it('still answers correctly with simulated latency', async () => {
    const { standin: slow, client: c } = await standinWithClient({ latencyMs: 20 });
    try {
      expect((await c.chat.postMessage({ channel: 'C1', text: 'slow' })).ok).toBe(true);
      expect(slow.channelMessages('C1')).toHaveLength(1);
    } finally {
      await slow.close();
    }
  });

  it('answers unknown_method and not_authed', async () => {
    expect(await slackError(client.apiCall('chat.fly', {}))).toBe('unknown_method');
    const r = await post('/api/auth.test', '', 'application/x-www-form-urlencoded', '');
    expect(await r.json()).toEqual({ ok: false, error: 'not_authed' });
  });
});

describe('waitFor', () => {
  it('resolves with the predicate value once a later call makes it true', async () => {
    const waiting = standin.waitFor((s) => s.channelMessages('C9')[0]);
    await client.chat.postMessage({ channel: 'C9', text: 'arrived' });
    expect((await waiting).text).toBe('arrived');
  });

  it('rejects with the predicate and the recent calls on timeout', async () => {
    await client.chat.postMessage({ channel: 'C1', text: 'x' });
    const err = await standin
      .waitFor((s) => s.channelMessages('C_NEVER').length > 0, 50)
      .catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/waitFor timed out after 50 ms/);
    expect((err as Error).message).toContain('C_NEVER');
    expect((err as Error).message).toContain('chat.postMessage C1');
  });
});

describe('payload validation hook', () => {
  it('collects problems from every blocks and view payload, including a throwing validator', async () => {
    standin.validatePayload = (kind, payload) =>
      kind === 'message' && Array.isArray(payload) && payload.length > 1
        ? ['too many blocks for this test']
        : [];
    const blocks = [{ type: 'divider' }, { type: 'divider' }];
    await client.chat.postMessage({ channel: 'C1', text: 'x', blocks });
    expect(standin.payloadProblems).toEqual([
      { kind: 'message', source: 'chat.postMessage', problem: 'too many blocks for this test' },
    ]);
    standin.validatePayload = () => {
      throw new Error('boom');
    };
    await client.chat.postMessage({ channel: 'C1', text: 'x', blocks });
    expect(standin.payloadProblems.at(-1)?.problem).toContain('validator threw: boom');
    standin.validatePayload = undefined;
  });
});

describe('post rate recorder', () => {
  it('counts chat.postMessage calls per channel inside a window, on the stand-in clock', async () => {
    const clock = manualClock();
    const { standin: s, client: c } = await standinWithClient({ now: clock.now });
    try {
      await c.chat.postMessage({ channel: 'C1', text: 'a' });
      clock.advance(500);
      await c.chat.postMessage({ channel: 'C1', text: 'b' });
      await c.chat.postMessage({ channel: 'C2', text: 'other channel' });
      clock.advance(1500);
      await c.chat.postMessage({ channel: 'C1', text: 'c' });
      expect(s.maxPostsPerWindow('C1', 1000)).toBe(2);
      expect(s.maxPostsPerWindow('C1', 400)).toBe(1);
      expect(s.maxPostsPerWindow('C2', 1000)).toBe(1);
      expect(s.maxPostsPerWindow('C3', 1000)).toBe(0);
    } finally {
      await s.close();
    }
  });
});
