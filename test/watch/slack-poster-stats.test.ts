import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_BOT_TOKEN } from '../../devtools/local-stack.js';
import { type SlackStandin, startSlackStandin } from '../../devtools/slack-standin.js';
import { createPosterClient } from '../../src/slack/poster-client.js';
import { createSlackPoster } from '../../src/watch/slack-poster.js';

const msg = (text: string) => ({ text, blocks: [] });

describe('poster queue statistics', () => {
  let standin: SlackStandin;
  beforeAll(async () => {
    standin = await startSlackStandin();
  });
  afterAll(async () => {
    await standin?.close();
  });
  const client = () => createPosterClient({ token: LOCAL_BOT_TOKEN, apiUrl: standin.apiUrl });

  it('counts posts waiting or in flight, per channel, and names the five deepest channels', async () => {
    const poster = createSlackPoster(client(), { postGapMs: 50 });
    expect(poster.stats()).toEqual({ postsQueued: 0, editsQueued: 0, deepestChannels: [] });
    // Channel CD<n> gets n posts: 21 in all, over 6 channels.
    const posts: Record<string, Promise<string>[]> = {};
    for (let n = 1; n <= 6; n++) {
      posts[`CD${n}`] = Array.from({ length: n }, (_, i) =>
        poster.post({ channel: `CD${n}`, message: msg(`${i}`) }),
      );
    }
    expect(poster.stats()).toEqual({
      postsQueued: 21,
      editsQueued: 0,
      deepestChannels: [6, 5, 4, 3, 2].map((n) => ({ channel: `CD${n}`, depth: n })),
    });
    await posts.CD6?.[0];
    // The first post of CD6 is out; its next waits out the gap behind it.
    const deepest = poster.stats().deepestChannels;
    expect(deepest[0]).toEqual({ channel: 'CD6', depth: 5 });
    await Promise.all(Object.values(posts).flat());
    expect(poster.stats()).toEqual({ postsQueued: 0, editsQueued: 0, deepestChannels: [] });
  });

  it('counts card edits waiting in the pacer; an edit of a message already waiting is not counted twice', async () => {
    const poster = createSlackPoster(client(), { postGapMs: 0, updatesPerMinute: 600, updateBurst: 1 });
    const ts = await Promise.all(
      ['a', 'b', 'c'].map((t) => poster.post({ channel: 'CEDIT', message: msg(t) })),
    );
    const edits = ts.map((t) => poster.update('CEDIT', t, msg(`${t} edited`)));
    // The first edit went out at once (the burst); two wait for tokens.
    expect(poster.stats().editsQueued).toBe(2);
    edits.push(poster.update('CEDIT', ts[2] as string, msg('c edited again')));
    expect(poster.stats().editsQueued).toBe(2);
    await Promise.all(edits);
    await poster.idle();
    expect(poster.stats().editsQueued).toBe(0);
    expect(standin.message('CEDIT', ts[2] as string)?.text).toBe('c edited again');
  });
});
