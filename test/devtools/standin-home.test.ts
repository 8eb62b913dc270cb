import type { HomeView } from '@slack/types';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { slackError, standinWithClient } from './standin-fixture.js';

const { standin, client } = await standinWithClient();
beforeEach(() => standin.reset());
afterAll(() => standin.close());

const home = (n: number): HomeView => ({
  type: 'home',
  blocks: Array.from({ length: n }, (_, i) => ({
    type: 'section',
    text: { type: 'mrkdwn', text: `row ${i}` },
  })),
});

describe('views.publish (the Home tab)', () => {
  it("keeps each user's tab, with one view id across publishes and a new hash each time", async () => {
    const first = await client.views.publish({ user_id: 'U1', view: home(1) });
    const second = await client.views.publish({ user_id: 'U1', view: home(2) });
    await client.views.publish({ user_id: 'U2', view: home(3) });
    expect(second.view?.id).toBe(first.view?.id);
    expect(second.view?.hash).not.toBe(first.view?.hash);
    expect(standin.homeView('U1')?.blocks).toHaveLength(2);
    expect(standin.homeView('U2')?.blocks).toHaveLength(3);
    expect(standin.homePublishes('U1').map((p) => p.view.blocks.length)).toEqual([1, 2]);
    expect(standin.homeView('U3')).toBeUndefined();
  });

  it('refuses what Slack refuses: over 100 blocks, a modal, no user, a stale hash', async () => {
    expect(await slackError(client.views.publish({ user_id: 'U1', view: home(101) }))).toBe(
      'invalid_arguments',
    );
    const modal = { type: 'modal', title: { type: 'plain_text', text: 'X' }, blocks: home(1).blocks };
    expect(await slackError(client.views.publish({ user_id: 'U1', view: modal as never }))).toBe(
      'invalid_arguments',
    );
    expect(await slackError(client.views.publish({ user_id: '', view: home(1) }))).toBe('invalid_arguments');
    await client.views.publish({ user_id: 'U1', view: home(1) });
    expect(await slackError(client.views.publish({ user_id: 'U1', view: home(1), hash: 'old.hash' }))).toBe(
      'hash_conflict',
    );
    expect(standin.homePublishes('U1')).toHaveLength(1);
  });

  it('runs the Block Kit validator on every published view', async () => {
    standin.validatePayload = (kind, payload) =>
      kind === 'view' && (payload as HomeView).blocks.length > 2 ? ['too many for this test'] : [];
    await client.views.publish({ user_id: 'U1', view: home(3) });
    expect(standin.payloadProblems).toEqual([
      { kind: 'view', source: 'views.publish', problem: 'too many for this test' },
    ]);
    standin.validatePayload = undefined;
  });
});
