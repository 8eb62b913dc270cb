import { describe, expect, it } from 'vitest';
import { JOB_GONE } from '../../src/domain/status.js';
import { DEFAULT_WATCH_SETTINGS } from '../../src/domain/watch-settings.js';
import { ACTION, VIEW, WATCH_FORM } from '../../src/views/ids.js';
import { buildJobCard } from '../../src/views/index.js';
import { buildMuteSummary, describeSettings } from '../../src/views/watch-settings.js';
import { buildWatchSettingsModal } from '../../src/views/watch-settings-modal.js';
import { checkMessage, checkModal, visibleText } from '../helpers/block-kit.js';
import { makeContext, makeDetails } from './fixtures.js';

const actionIds = (blocks: unknown[]) =>
  JSON.stringify(blocks)
    .match(/"action_id":"[a-z_]+"/g)
    ?.map((s) => s.slice(13, -1)) ?? [];

describe('watch settings views', () => {
  it('say the settings in one line, the broadcast default named as such', () => {
    expect(describeSettings(DEFAULT_WATCH_SETTINGS)).toBe(
      'thread: every status change · end also sent to the channel: on a failure only (the default) · mention on failure: the job’s creator',
    );
    expect(
      describeSettings({ only: 'failures', broadcast: 'never', mention: { kind: 'group', id: 'S0ML' } }),
    ).toBe(
      'thread: only failures · end also sent to the channel: never · mention on failure: <!subteam^S0ML>',
    );
  });

  it('the modal opens on the current settings and passes the Block Kit checks', () => {
    const view = buildWatchSettingsModal(
      { jobId: 'a1b2c3d4-0000-0000-0000-000000000000', channel: 'C0ML' },
      { only: 'terminal', broadcast: 'always', mention: { kind: 'group', id: 'S0ML' } },
    );
    expect(checkModal(view)).toEqual([]);
    expect(view.callback_id).toBe(VIEW.watchSettings);
    expect(JSON.parse(view.private_metadata as string)).toEqual({
      jobId: 'a1b2c3d4-0000-0000-0000-000000000000',
      channel: 'C0ML',
    });
    const initial = (block: string) =>
      (view.blocks.find((b) => b.block_id === block) as { element: { initial_option?: { value: string } } })
        .element.initial_option?.value;
    expect(initial(WATCH_FORM.only.block)).toBe('terminal');
    expect(initial(WATCH_FORM.broadcast.block)).toBe('always');
    expect(initial(WATCH_FORM.mention.block)).toBe('group:S0ML');
  });

  it('the mute summary lists what was held, in order, and passes the checks', () => {
    for (const sandbox of [true, false]) {
      const m = buildMuteSummary(makeContext({ sandbox }), {
        jobId: 'a1b2c3d4-0000-0000-0000-000000000000',
        untilMs: 1_700_000_000_000,
        statuses: ['RUNNING', 'FAILED'],
        mention: '<@U1>',
      });
      expect(checkMessage(m)).toEqual([]);
      expect(visibleText(m)).toMatch(/<@U1> .*RUNNING.*→.*FAILED/);
    }
    // The job gone from the provider (404) while muted is named as such, not as a status.
    const gone = buildMuteSummary(makeContext(), { jobId: 'x', untilMs: 0, statuses: ['RUNNING', JOB_GONE] });
    expect(visibleText(gone)).toMatch(/RUNNING → 🗑️ no longer exists on .+ \(the watch has ended\)\./);
    expect(visibleText(gone)).not.toContain(JOB_GONE);
    const empty = buildMuteSummary(makeContext(), { jobId: 'x', untilMs: 0, statuses: [] });
    expect(visibleText(empty)).toContain('nothing the thread would have got');
  });

  it('a watched card has a Settings button until the job ends; a card of your own has none', () => {
    const live = buildJobCard(makeContext(), makeDetails({ status: 'RUNNING' }), { shared: true });
    expect(actionIds(live.blocks)).toContain(ACTION.jobSettings);
    const ended = buildJobCard(makeContext(), makeDetails({ status: 'SUCCESS' }), { shared: true });
    expect(actionIds(ended.blocks)).not.toContain(ACTION.jobSettings);
    expect(actionIds(buildJobCard(makeContext(), makeDetails()).blocks)).not.toContain(ACTION.jobSettings);
  });
});
