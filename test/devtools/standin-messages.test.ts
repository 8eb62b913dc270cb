import type { WebClient } from '@slack/web-api';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { SlackStandin } from '../../devtools/slack-standin.js';
import { slackError, standinWithClient } from './standin-fixture.js';

const { standin, client }: { standin: SlackStandin; client: WebClient } = await standinWithClient();

beforeEach(() => standin.reset());
afterAll(() => standin.close());

const card = [{ type: 'section', text: { type: 'mrkdwn', text: '*job-1* running' } }];
const meta = { event_type: 'finetune_job_update', event_payload: { job_id: 'job-1' } };

describe('auth.test', () => {
  it('answers with the configured bot identity', async () => {
    const r = await client.auth.test();
    expect(r).toMatchObject({ ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' });
    expect(r.url).toMatch(/^https:\/\//);
    expect(standin.callsTo('auth.test')[0]?.token).toBe('xoxb-test');
  });
});

describe('chat.postMessage and chat.update', () => {
  it('stores posts in order with unique, increasing Slack-style ts', async () => {
    const a = await client.chat.postMessage({ channel: 'C1', text: 'one' });
    const b = await client.chat.postMessage({ channel: 'C1', text: 'two', blocks: card, metadata: meta });
    expect(a.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(Number(b.ts)).toBeGreaterThan(Number(a.ts));
    expect(b.channel).toBe('C1');
    const msgs = standin.channelMessages('C1');
    expect(msgs.map((m) => m.text)).toEqual(['one', 'two']);
    expect(msgs[1]).toMatchObject({ blocks: card, metadata: meta, user: 'UBOT', bot_id: 'BBOT' });
  });

  it('decodes nested JSON and booleans in the recorded args', async () => {
    await client.chat.postMessage({ channel: 'C1', text: 't', blocks: card, unfurl_links: false });
    const args = standin.callsTo('chat.postMessage')[0]?.args;
    expect(args).toMatchObject({ channel: 'C1', blocks: card, unfurl_links: false });
    expect(args).not.toHaveProperty('token');
  });

  it('posts to a user id land in that user’s DM channel', async () => {
    const r = await client.chat.postMessage({ channel: 'U42', text: 'hi' });
    const open = await client.conversations.open({ users: 'U42' });
    expect(r.channel).toBe(open.channel?.id);
    expect(r.channel).toMatch(/^D/);
    expect(standin.dms('U42').map((m) => m.text)).toEqual(['hi']);
  });

  it('updates a message in place and reports unknown ones', async () => {
    const { ts } = await client.chat.postMessage({ channel: 'C1', text: 'queued', blocks: card });
    const r = await client.chat.update({ channel: 'C1', ts: ts as string, text: 'running' });
    expect(r.ts).toBe(ts);
    const [msg] = standin.channelMessages('C1');
    // blocks not sent in the update are kept, as in Slack
    expect(msg).toMatchObject({ text: 'running', blocks: card, edited: { user: 'UBOT' } });
    expect(await slackError(client.chat.update({ channel: 'C1', ts: '1.000001', text: 'x' }))).toBe(
      'message_not_found',
    );
  });

  it('refuses a post with neither text nor blocks', async () => {
    expect(await slackError(client.chat.postMessage({ channel: 'C1', text: '' }))).toBe('no_text');
  });

  it('gives permalinks for known messages', async () => {
    const { ts } = await client.chat.postMessage({ channel: 'C1', text: 'x' });
    const r = await client.chat.getPermalink({ channel: 'C1', message_ts: ts as string });
    expect(r.permalink).toContain(`/archives/C1/p${(ts as string).replace('.', '')}`);
    expect(await slackError(client.chat.getPermalink({ channel: 'C1', message_ts: '1.2' }))).toBe(
      'message_not_found',
    );
  });

  it('keeps ephemerals apart from the channel', async () => {
    const r = await client.chat.postEphemeral({ channel: 'C1', user: 'U1', text: 'only you' });
    expect(r.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect(standin.ephemerals).toMatchObject([{ channel: 'C1', user: 'U1', text: 'only you' }]);
    expect(standin.channelMessages('C1')).toEqual([]);
  });
});

describe('threads and history', () => {
  it('returns parent then replies, with metadata only when include_all_metadata is set', async () => {
    const parent = await client.chat.postMessage({ channel: 'C1', text: 'card', metadata: meta });
    const ts = parent.ts as string;
    await client.chat.postMessage({ channel: 'C1', thread_ts: ts, text: 'r1', metadata: meta });
    await client.chat.postMessage({ channel: 'C1', thread_ts: ts, text: 'r2' });

    const withMeta = await client.conversations.replies({ channel: 'C1', ts, include_all_metadata: true });
    expect(withMeta.messages?.map((m) => m.text)).toEqual(['card', 'r1', 'r2']);
    expect(withMeta.messages?.[0]).toMatchObject({ ts, thread_ts: ts, reply_count: 2, metadata: meta });
    expect(withMeta.messages?.[1]).toMatchObject({ thread_ts: ts, metadata: meta, bot_id: 'BBOT' });

    const without = await client.conversations.replies({ channel: 'C1', ts });
    expect(without.messages?.[0]).not.toHaveProperty('metadata');

    expect(standin.threadReplies('C1', ts).map((m) => m.text)).toEqual(['r1', 'r2']);
    expect(standin.channelMessages('C1')).toMatchObject([{ text: 'card', reply_count: 2 }]);
  });

  it('answers thread_not_found for an unknown thread', async () => {
    expect(await slackError(client.conversations.replies({ channel: 'C1', ts: '1700000000.000001' }))).toBe(
      'thread_not_found',
    );
  });

  it('shows broadcast replies in the channel too', async () => {
    const { ts } = await client.chat.postMessage({ channel: 'C1', text: 'card' });
    await client.chat.postMessage({
      channel: 'C1',
      thread_ts: ts as string,
      text: 'done',
      reply_broadcast: true,
    });
    expect(standin.channelMessages('C1').map((m) => m.text)).toEqual(['card', 'done']);
  });

  it('lists history newest first, with limit, oldest and metadata', async () => {
    const first = await client.chat.postMessage({ channel: 'C2', text: 'a', metadata: meta });
    await client.chat.postMessage({ channel: 'C2', text: 'b' });
    await client.chat.postMessage({ channel: 'C2', text: 'c' });
    const page = await client.conversations.history({ channel: 'C2', limit: 2, include_all_metadata: true });
    expect(page.messages?.map((m) => m.text)).toEqual(['c', 'b']);
    expect(page.has_more).toBe(true);
    const next = await client.conversations.history({
      channel: 'C2',
      include_all_metadata: true,
      cursor: page.response_metadata?.next_cursor as string,
    });
    expect(next.messages).toMatchObject([{ text: 'a', metadata: meta }]);
    const newer = await client.conversations.history({ channel: 'C2', oldest: first.ts as string });
    expect(newer.messages?.map((m) => m.text)).toEqual(['c', 'b']);
  });
});

describe('users, groups and conversations', () => {
  it('answers usergroups and users from the options', async () => {
    const { standin: s, client: c } = await standinWithClient({
      usergroups: { S1: ['U1', 'U2'] },
      users: { U1: { name: 'alice' }, U9: { name: 'gone', deleted: true } },
    });
    try {
      expect((await c.usergroups.users.list({ usergroup: 'S1' })).users).toEqual(['U1', 'U2']);
      expect(await slackError(c.usergroups.users.list({ usergroup: 'S2' }))).toBe('no_such_subteam');
      expect((await c.users.info({ user: 'U1' })).user).toMatchObject({
        id: 'U1',
        name: 'alice',
        deleted: false,
      });
      expect((await c.users.info({ user: 'U9' })).user?.deleted).toBe(true);
      expect(await slackError(c.users.info({ user: 'U2' }))).toBe('user_not_found');
    } finally {
      await s.close();
    }
  });

  it('synthesizes users when no table is given, and describes channels', async () => {
    expect((await client.users.info({ user: 'U77' })).user).toMatchObject({ id: 'U77', deleted: false });
    expect((await client.conversations.info({ channel: 'C1' })).channel).toMatchObject({
      id: 'C1',
      is_channel: true,
      is_archived: false,
    });
  });
});
