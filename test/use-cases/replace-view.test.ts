import type { ModalView } from '@slack/types';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { replaceView } from '../../src/use-cases/replace-view.js';
import { standinWithClient } from '../devtools/standin-fixture.js';

/** `replaceView` over real HTTP against the stand-in, which enforces Slack's hash rule. */
const { standin, client } = await standinWithClient();
afterAll(() => standin.close());

const lines: string[] = [];
const logger = pino({ level: 'info' }, { write: (l: string) => lines.push(l) });

const modal = (text: string, extra: Partial<ModalView> = {}): ModalView => ({
  type: 'modal',
  title: { type: 'plain_text', text: 'New fine-tuning job' },
  blocks: [{ type: 'section', block_id: 'b', text: { type: 'mrkdwn', text } }],
  ...extra,
});

async function open(view: ModalView) {
  const r = await client.views.open({ trigger_id: standin.issueTriggerId({ user: 'U1' }), view });
  return { id: r.view?.id as string, hash: r.view?.hash as string };
}

const shown = (id: string) => JSON.stringify(standin.view(id)?.view.blocks);

describe('replaceView', () => {
  it('passes the hash it is given, so an update made meanwhile is not overwritten', async () => {
    const v = await open(modal('loading'));
    // Someone else updates the view first: the hash the caller holds is now stale.
    const newer = await client.views.update({ view_id: v.id, view: modal('newer') });
    const stale = await replaceView({ logger }, client, { viewId: v.id, hash: v.hash }, modal('stale'));
    expect(stale).toBeUndefined();
    expect(shown(v.id)).toContain('newer');
    expect(lines.join('\n')).toMatch(/hash_conflict/);
    // With the current hash it goes through, and returns the next one for a later update.
    const next = await replaceView(
      { logger },
      client,
      { viewId: v.id, hash: newer.view?.hash },
      modal('done'),
    );
    expect(shown(v.id)).toContain('done');
    expect(next).toBe(standin.view(v.id)?.view.hash);
  });

  it('updates a view by its external_id (a view pushed through an ack has no known id)', async () => {
    const v = await open(modal('estimating', { external_id: 'create_estimate_test1' }));
    const hash = await replaceView(
      { logger },
      client,
      { externalId: 'create_estimate_test1' },
      modal('estimate'),
    );
    expect(shown(v.id)).toContain('estimate');
    expect(hash).toBe(standin.view(v.id)?.view.hash);
  });

  it('logs and returns nothing when the modal was closed meanwhile', async () => {
    const v = await open(modal('creating'));
    standin.closeView(v.id);
    expect(await replaceView({ logger }, client, { viewId: v.id }, modal('created'))).toBeUndefined();
    expect(lines.at(-1)).toMatch(/could not update the create modal/);
  });
});
