import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { slackError, standinWithClient } from './standin-fixture.js';

const { standin, client } = await standinWithClient();

beforeEach(() => standin.reset());
afterAll(() => standin.close());

const URL_A = 'https://api.together.ai/fine-tuning/ft-1';
const card = [{ type: 'section', text: { type: 'mrkdwn', text: '*ft-1* running' } }];

describe('chat.unfurl', () => {
  it("attaches blocks under a person's message, per URL, and replaces them on a second call", async () => {
    const m = standin.postUserMessage({
      channel: 'C1',
      user: 'U1',
      text: `look <${URL_A}> and <https://x.example/y?a=1&amp;b=2>`,
    });
    await client.chat.unfurl({ channel: 'C1', ts: m.ts, unfurls: { [URL_A]: { blocks: card } } });
    expect(standin.unfurlsOf('C1', m.ts)?.unfurls[URL_A]?.blocks).toEqual(card);
    const again = [{ type: 'section', text: { type: 'mrkdwn', text: 'done' } }];
    await client.chat.unfurl({
      channel: 'C1',
      ts: m.ts,
      unfurls: { 'https://x.example/y?a=1&b=2': { blocks: again } },
    });
    const u = standin.unfurlsOf('C1', m.ts)?.unfurls ?? {};
    expect(Object.keys(u).sort()).toEqual(['https://x.example/y?a=1&b=2', URL_A].sort());
    // The message itself is the person's: unchanged.
    expect(standin.message('C1', m.ts)?.edited).toBeUndefined();
  });

  it("answers Slack's errors: no message, a URL not in it, a malformed map, bad blocks, missing arguments", async () => {
    const m = standin.postUserMessage({ channel: 'C1', user: 'U1', text: `<${URL_A}>` });
    const call = (args: Record<string, unknown>) =>
      slackError(client.apiCall('chat.unfurl', args as Record<string, unknown>));
    expect(await call({ channel: 'C1', ts: '1.000009', unfurls: { [URL_A]: { blocks: card } } })).toBe(
      'cannot_find_message',
    );
    expect(
      await call({ channel: 'C1', ts: m.ts, unfurls: { 'https://other.example/': { blocks: card } } }),
    ).toBe('cannot_unfurl_message');
    expect(await call({ channel: 'C1', ts: m.ts, unfurls: '[1]' })).toBe('invalid_unfurls_format');
    expect(await call({ channel: 'C1', ts: m.ts, unfurls: { [URL_A]: { blocks: [{}] } } })).toBe(
      'invalid_blocks',
    );
    expect(await call({ ts: m.ts, unfurls: {} })).toBe('missing_channel');
    expect(await call({ channel: 'C1', unfurls: {} })).toBe('missing_ts');
    expect(await call({ channel: 'C1', ts: m.ts })).toBe('missing_unfurls');
    expect(standin.unfurlsOf('C1', m.ts)).toBeUndefined();
  });

  it('runs the payload validator on the blocks', async () => {
    standin.validatePayload = (kind) => (kind === 'message' ? ['checked'] : []);
    const m = standin.postUserMessage({ channel: 'C1', user: 'U1', text: `<${URL_A}>` });
    await client.chat.unfurl({ channel: 'C1', ts: m.ts, unfurls: { [URL_A]: { blocks: card } } });
    expect(standin.payloadProblems).toEqual([{ kind: 'message', source: 'chat.unfurl', problem: 'checked' }]);
    standin.validatePayload = undefined;
  });
});
