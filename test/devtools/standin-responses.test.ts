import { isValidSlackRequest } from '@slack/bolt';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { signSlackRequest } from '../../devtools/slack-driver.js';
import { manualClock, standinWithClient } from './standin-fixture.js';

const clock = manualClock();
const { standin, client } = await standinWithClient({ now: clock.now });
beforeEach(() => standin.reset());
afterAll(() => standin.close());

const postJson = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('response_url', () => {
  it('posts ephemerals by default and in-channel messages when asked', async () => {
    const url = standin.newResponseUrl({ channel: 'C1', user: 'U1' });
    expect(url.startsWith(standin.url)).toBe(true);
    expect((await postJson(url, { text: 'just you' })).status).toBe(200);
    await postJson(url, { text: 'everyone', response_type: 'in_channel' });
    expect(standin.ephemerals).toMatchObject([{ user: 'U1', text: 'just you' }]);
    expect(standin.channelMessages('C1')).toMatchObject([{ text: 'everyone', bot_id: 'BBOT' }]);
    expect(standin.responses.map((r) => r.body.text)).toEqual(['just you', 'everyone']);
  });

  it('replace_original on a command URL replaces what it posted last; delete_original removes it', async () => {
    const url = standin.newResponseUrl({ channel: 'C1', user: 'U1' });
    await postJson(url, { text: 'Loading…' });
    await postJson(url, { text: 'Done', replace_original: true });
    expect(standin.ephemerals.map((e) => e.text)).toEqual(['Done']);
    await postJson(url, { delete_original: true });
    expect(standin.ephemerals).toEqual([]);
  });

  it('replace_original on an action URL edits the channel message the action came from', async () => {
    const { ts } = await client.chat.postMessage({ channel: 'C1', text: 'card v1' });
    const url = standin.newResponseUrl({ channel: 'C1', user: 'U1', messageTs: ts as string });
    await postJson(url, { text: 'card v2', replace_original: true });
    expect(standin.message('C1', ts as string)?.text).toBe('card v2');
  });

  it('takes 5 posts, then answers 404 like an exhausted URL; expires after 30 minutes', async () => {
    const url = standin.newResponseUrl({ channel: 'C1', user: 'U1' });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await postJson(url, { text: `#${i}` })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 404]);
    const later = standin.newResponseUrl({ channel: 'C1' });
    clock.advance(30 * 60 * 1000 + 1);
    expect((await postJson(later, { text: 'late' })).status).toBe(404);
    expect((await postJson(`${standin.url}/response/R404`, { text: '?' })).status).toBe(404);
  });

  it('can be made to fail by fault injection', async () => {
    standin.injectFault({ method: 'response_url', status: 500 });
    const url = standin.newResponseUrl({ channel: 'C1' });
    expect((await postJson(url, { text: 'x' })).status).toBe(500);
    expect((await postJson(url, { text: 'x' })).status).toBe(200);
  });
});

describe('signSlackRequest', () => {
  it('produces signatures Bolt accepts, and Bolt refuses them once stale', () => {
    const body = 'command=%2Ffinetune&text=list';
    const now = Math.floor(Date.now() / 1000);
    const headers = signSlackRequest('secret', body, now);
    expect(headers['x-slack-signature']).toMatch(/^v0=[0-9a-f]{64}$/);
    const check = (h: typeof headers, secret = 'secret') =>
      isValidSlackRequest({
        signingSecret: secret,
        body,
        headers: {
          'x-slack-signature': h['x-slack-signature'],
          'x-slack-request-timestamp': Number(h['x-slack-request-timestamp']),
        },
      });
    expect(check(headers)).toBe(true);
    expect(check(headers, 'other-secret')).toBe(false);
    expect(check(signSlackRequest('secret', body, now - 6 * 60))).toBe(false);
  });
});
