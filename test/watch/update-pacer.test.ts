import { describe, expect, it } from 'vitest';
import type { SlackMessage } from '../../src/views/types.js';
import { createUpdatePacer } from '../../src/watch/update-pacer.js';

const msg = (text: string): SlackMessage => ({ text, blocks: [] });

function recordingPacer(updatesPerMinute: number) {
  const sent: string[] = [];
  const pacer = createUpdatePacer(
    async (channel, ts, message) => {
      sent.push(`${channel}:${ts}=${message.text}`);
    },
    { updatesPerMinute, updateBurst: 1 },
  );
  return { pacer, sent };
}

describe('card edit pacer', () => {
  it('sends a status change before progress edits that were queued earlier', async () => {
    const { pacer, sent } = recordingPacer(1200);
    void pacer.update('C1', '1', msg('progress a'));
    void pacer.update('C2', '2', msg('progress b'));
    void pacer.update('C3', '3', msg('progress c'));
    void pacer.update('C4', '4', msg('SUCCESS'), true);
    await pacer.idle();
    // The first went out at once (the burst); the status change jumped the routine queue.
    expect(sent).toEqual(['C1:1=progress a', 'C4:4=SUCCESS', 'C2:2=progress b', 'C3:3=progress c']);
  });

  it('sends only the latest card of a message that waited, and every caller learns it went out', async () => {
    const { pacer, sent } = recordingPacer(1200);
    const first = pacer.update('C1', '1', msg('step 1'));
    const waiting = [pacer.update('C1', '9', msg('step 10')), pacer.update('C1', '9', msg('step 20'))];
    const promoted = pacer.update('C1', '9', msg('FAILED'), true);
    await Promise.all([first, ...waiting, promoted]);
    expect(sent).toEqual(['C1:1=step 1', 'C1:9=FAILED']);
  });

  it('hands a failed edit to every caller waiting on it and carries on with the rest', async () => {
    const sent: string[] = [];
    const pacer = createUpdatePacer(
      async (_channel, ts) => {
        if (ts === 'bad') throw new Error('channel_not_found');
        sent.push(ts);
      },
      { updatesPerMinute: 1200, updateBurst: 1 },
    );
    const bad = pacer.update('C1', 'bad', msg('x'));
    const good = pacer.update('C1', 'good', msg('y'));
    await expect(bad).rejects.toThrow('channel_not_found');
    await good;
    expect(sent).toEqual(['good']);
  });
});
