import type { View } from '@slack/types';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { manualClock, slackError, standinWithClient } from './standin-fixture.js';

const clock = manualClock();
const { standin, client } = await standinWithClient({ now: clock.now });
beforeEach(() => standin.reset());
afterAll(() => standin.close());

const modal = (title: string, extra: Partial<View> = {}): View => ({
  type: 'modal',
  callback_id: 'create_job_view',
  title: { type: 'plain_text', text: title },
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text: title } }],
  ...extra,
});

describe('views.open and trigger ids', () => {
  it('opens a modal for a fresh trigger and returns id and hash', async () => {
    const trigger = standin.issueTriggerId({ user: 'U1' });
    const r = await client.views.open({ trigger_id: trigger, view: modal('Create job') });
    expect(r.view).toMatchObject({
      callback_id: 'create_job_view',
      root_view_id: r.view?.id,
      previous_view_id: null,
    });
    expect(r.view?.id).toMatch(/^V/);
    expect(r.view?.hash).toBeTruthy();
    expect(standin.lastView()).toMatchObject({ user: 'U1', closed: false, stack: [r.view?.id] });
  });

  it('refuses a trigger id it never issued, a used one, and one older than 3 s', async () => {
    expect(await slackError(client.views.open({ trigger_id: '123.456.abc', view: modal('A') }))).toBe(
      'expired_trigger_id',
    );
    const once = standin.issueTriggerId();
    await client.views.open({ trigger_id: once, view: modal('A') });
    expect(await slackError(client.views.open({ trigger_id: once, view: modal('A') }))).toBe(
      'expired_trigger_id',
    );
    const old = standin.issueTriggerId();
    clock.advance(3001);
    expect(await slackError(client.views.open({ trigger_id: old, view: modal('A') }))).toBe(
      'expired_trigger_id',
    );
  });

  it('refuses a malformed modal like Slack (title over 24 chars, input without submit)', async () => {
    const long = modal('x'.repeat(25));
    expect(await slackError(client.views.open({ trigger_id: standin.issueTriggerId(), view: long }))).toBe(
      'invalid_arguments',
    );
    const input = modal('T', {
      blocks: [
        { type: 'input', label: { type: 'plain_text', text: 'L' }, element: { type: 'plain_text_input' } },
      ],
    });
    expect(await slackError(client.views.open({ trigger_id: standin.issueTriggerId(), view: input }))).toBe(
      'invalid_arguments',
    );
  });
});

describe('views.update', () => {
  it('updates with the current hash, returns a new one, and refuses a stale hash', async () => {
    const opened = await client.views.open({ trigger_id: standin.issueTriggerId(), view: modal('Loading') });
    const id = opened.view?.id as string;
    const hash = opened.view?.hash as string;
    const updated = await client.views.update({ view_id: id, hash, view: modal('Estimate') });
    expect(updated.view?.hash).not.toBe(hash);
    expect(standin.view(id)?.view).toMatchObject({ title: { text: 'Estimate' } });
    expect(await slackError(client.views.update({ view_id: id, hash, view: modal('Stale') }))).toBe(
      'hash_conflict',
    );
    // without a hash the update is unconditional
    await client.views.update({ view_id: id, view: modal('Forced') });
    expect(standin.view(id)?.view).toMatchObject({ title: { text: 'Forced' } });
  });

  it('finds a view by external_id and answers not_found for unknown ones', async () => {
    await client.views.open({
      trigger_id: standin.issueTriggerId(),
      view: modal('A', { external_id: 'ext-1' }),
    });
    const r = await client.views.update({ external_id: 'ext-1', view: modal('B') });
    expect(r.view).toMatchObject({ external_id: 'ext-1', title: { text: 'B' } });
    expect(await slackError(client.views.update({ view_id: 'V404', view: modal('C') }))).toBe('not_found');
  });
});

describe('views.push', () => {
  it('pushes at most 2 views onto a stack', async () => {
    const root = await client.views.open({ trigger_id: standin.issueTriggerId(), view: modal('Root') });
    const rootId = root.view?.id as string;
    const p1 = await client.views.push({
      trigger_id: standin.issueTriggerId({ viewId: rootId }),
      view: modal('P1'),
    });
    expect(p1.view).toMatchObject({ root_view_id: rootId, previous_view_id: rootId });
    const p1Id = p1.view?.id as string;
    await client.views.push({ trigger_id: standin.issueTriggerId({ viewId: p1Id }), view: modal('P2') });
    expect(standin.view(rootId)?.stack).toHaveLength(3);
    expect(
      await slackError(
        client.views.push({ trigger_id: standin.issueTriggerId({ viewId: p1Id }), view: modal('P3') }),
      ),
    ).toBe('push_limit_reached');
  });

  it('closing a pushed view pops back; clearing closes the whole stack', async () => {
    const root = await client.views.open({ trigger_id: standin.issueTriggerId(), view: modal('Root') });
    const rootId = root.view?.id as string;
    const p1 = await client.views.push({
      trigger_id: standin.issueTriggerId({ viewId: rootId }),
      view: modal('P1'),
    });
    standin.closeView(p1.view?.id as string);
    expect(standin.view(rootId)?.stack).toEqual([rootId]);
    standin.closeView(rootId, true);
    expect(standin.view(rootId)?.closed).toBe(true);
  });
});
