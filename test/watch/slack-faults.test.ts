import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WatchPostError } from '../../src/watch/service.js';
import { type PollRig, startPollRig } from '../helpers/poll-rig.js';
import { pollSettled } from '../helpers/poll-settled.js';
import { eventually } from '../helpers/watch-fixtures.js';

let rig: PollRig;
beforeAll(async () => {
  rig = await startPollRig();
});
afterAll(async () => {
  await rig?.close();
});

const PERMANENT = ['channel_not_found', 'is_archived', 'not_in_channel', 'account_inactive', 'token_revoked'];

describe('permanent Slack errors disable the watch, with a reason and a DM', () => {
  for (const [i, error] of PERMANENT.entries()) {
    it(`disables on ${error} during polling`, async () => {
      const channel = `CFAULT${i}`;
      const user = `U0OWNER${i}`;
      const [id] = rig.sandbox.addSyntheticJobs({ count: 1, active: 1 }) as [string];
      await rig.service.watch({ jobId: id, channel, userId: user });
      for (const method of ['chat.update', 'chat.postMessage']) {
        rig.standin.injectFault({ method, channel, error, times: Number.POSITIVE_INFINITY });
      }
      rig.advance(2000); // the job moves on, so the card needs an edit
      await pollSettled(rig.deps);
      // Card edits are paced apart from the pass, so the failed edit disables the watch when it lands.
      const w = await eventually(async () => {
        const [found] = await rig.service.watching(channel);
        return found?.state !== 'active' && found;
      });
      expect(w.state).toBe('disabled');
      expect(w.reason).toMatch(/^Disabled: /);
      await eventually(async () => rig.standin.dms(user).length > 0);
      expect(rig.standin.dms(user)).toHaveLength(1);
      expect(rig.standin.dms(user)[0]?.text).toContain(channel);
      // No endless retries: later passes leave the channel alone.
      const calls = rig.standin.calls.filter((c) => c.args.channel === channel).length;
      rig.advance(2000);
      await pollSettled(rig.deps);
      expect(rig.standin.calls.filter((c) => c.args.channel === channel).length).toBe(calls);
      rig.standin.clearFaults();
    });
  }

  it('refuses to start a watch where the card cannot be posted, and remembers why', async () => {
    const [id] = rig.sandbox.addSyntheticJobs({ count: 1, active: 1 }) as [string];
    rig.standin.injectFault({ method: 'chat.postMessage', channel: 'CNOTIN', error: 'not_in_channel' });
    await expect(rig.service.watch({ jobId: id, channel: 'CNOTIN', userId: 'U1' })).rejects.toBeInstanceOf(
      WatchPostError,
    );
    const [w] = await rig.service.watching('CNOTIN');
    expect(w?.state).toBe('disabled');
    expect(w?.reason).toMatch(/invite/);
  });
});
