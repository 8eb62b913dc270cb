import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_BOT_TOKEN } from '../../devtools/local-stack.js';
import { type SlackStandin, startSlackStandin } from '../../devtools/slack-standin.js';
import { createPosterClient } from '../../src/slack/poster-client.js';
import { createSlackPoster } from '../../src/watch/slack-poster.js';

const msg = (text: string) => ({ text, blocks: [] });
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

describe('the poster shares files', () => {
  let standin: SlackStandin;
  beforeAll(async () => {
    standin = await startSlackStandin();
  });
  afterAll(async () => {
    await standin?.close();
  });
  const client = () => createPosterClient({ token: LOCAL_BOT_TOKEN, apiUrl: standin.apiUrl });

  it('in the channel queue: an upload waits its turn between posts, spaced like a post', async () => {
    const gap = 150;
    const poster = createSlackPoster(client(), { postGapMs: gap });
    const card = await poster.post({ channel: 'CUP1', message: msg('card') });
    const sent = await Promise.all([
      poster.post({ channel: 'CUP1', threadTs: card, message: msg('before') }),
      poster.upload({
        channel: 'CUP1',
        threadTs: card,
        file: PNG,
        filename: 'loss-a.png',
        title: 'Loss of a',
        altText: 'loss by step',
      }),
      poster.post({ channel: 'CUP1', threadTs: card, message: msg('after') }),
    ]);
    expect(sent[1]).toMatch(/^F/);
    expect(poster.counts).toMatchObject({ posts: 3, uploads: 1 });
    // In queue order in the thread, each start at least `gap` after the one before it.
    const replies = standin.threadReplies('CUP1', card);
    expect(replies.map((r) => r.text || r.files?.[0]?.name)).toEqual(['before', 'loss-a.png', 'after']);
    const starts = standin.calls
      .filter((c) => c.method === 'chat.postMessage' || c.method === 'files.getUploadURLExternal')
      .map((c) => c.at);
    for (let i = 1; i < starts.length; i++) {
      expect((starts[i] as number) - (starts[i - 1] as number)).toBeGreaterThanOrEqual(gap - 5);
    }
  });

  it('finds a shared file again by its name in the thread, and nothing for a name never shared', async () => {
    const poster = createSlackPoster(client(), { postGapMs: 0 });
    const card = await poster.post({ channel: 'CUP2', message: msg('card') });
    const id = await poster.upload({
      channel: 'CUP2',
      threadTs: card,
      file: PNG,
      filename: 'loss-b-0123456789.png',
      title: 'Loss of b',
      altText: 'loss by step',
    });
    expect(await poster.findFile('CUP2', 'loss-b-0123456789.png', { threadTs: card, oldest: 0 })).toBe(id);
    expect(await poster.findFile('CUP2', 'loss-c.png', { threadTs: card, oldest: 0 })).toBeUndefined();
  });

  it('waits out a 429 and sends the upload again', async () => {
    const poster = createSlackPoster(client(), { postGapMs: 0, sleep: async () => undefined });
    const card = await poster.post({ channel: 'CUP3', message: msg('card') });
    standin.injectFault({ method: 'files.completeUploadExternal', status: 429, retryAfterSeconds: 1 });
    await poster.upload({
      channel: 'CUP3',
      threadTs: card,
      file: PNG,
      filename: 'loss-d.png',
      title: 'Loss of d',
      altText: 'loss by step',
    });
    expect(standin.threadReplies('CUP3', card).flatMap((m) => m.files ?? [])).toHaveLength(1);
    expect(
      standin.callsTo('files.getUploadURLExternal').filter((c) => c.args.filename === 'loss-d.png'),
    ).toHaveLength(2);
  });
});
