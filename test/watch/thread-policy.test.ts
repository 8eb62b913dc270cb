import { describe, expect, it } from 'vitest';
import { DEFAULT_WATCH_SETTINGS, type WatchSettings } from '../../src/domain/watch-settings.js';
import { decideThreadPost, isFailure, isMuted } from '../../src/watch/thread-policy.js';

const with_ = (s: Partial<WatchSettings>): WatchSettings => ({ ...DEFAULT_WATCH_SETTINGS, ...s });
const decide = (s: Partial<WatchSettings>, status: string, cancelledByCreator = false) =>
  decideThreadPost(with_(s), { status, cancelledByCreator });

describe('the thread filter decision', () => {
  it('posts every change by default, and broadcasts and mentions on a failure only', () => {
    expect(decide({}, 'RUNNING')).toEqual({ post: true, broadcast: false, mention: { kind: 'none' } });
    expect(decide({}, 'SUCCESS')).toEqual({ post: true, broadcast: false, mention: { kind: 'none' } });
    expect(decide({}, 'FAILED')).toEqual({ post: true, broadcast: true, mention: { kind: 'creator' } });
  });

  it('only:terminal posts the end whatever it is, nothing before', () => {
    expect(decide({ only: 'terminal' }, 'VALIDATED').post).toBe(false);
    expect(decide({ only: 'terminal' }, 'SUCCESS').post).toBe(true);
    expect(decide({ only: 'terminal' }, 'CANCELLED', true).post).toBe(true);
  });

  it('only:failures posts FAILED, FAILED_VALIDATION and a cancel by someone else than the creator', () => {
    const only = { only: 'failures' as const };
    expect(decide(only, 'RUNNING').post).toBe(false);
    expect(decide(only, 'SUCCESS').post).toBe(false);
    expect(decide(only, 'FAILED').post).toBe(true);
    expect(decide(only, 'FAILED_VALIDATION').post).toBe(true);
    expect(decide(only, 'CANCELLED', false).post).toBe(true);
    expect(decide(only, 'CANCELLED', true).post).toBe(false);
    expect(isFailure('CANCELLED', true)).toBe(false);
  });

  it('broadcast:always sends every end to the channel, never none, and nothing not posted is broadcast', () => {
    expect(decide({ broadcast: 'always' }, 'SUCCESS').broadcast).toBe(true);
    expect(decide({ broadcast: 'always' }, 'RUNNING').broadcast).toBe(false);
    expect(decide({ broadcast: 'never' }, 'FAILED').broadcast).toBe(false);
    expect(decide({ only: 'failures', broadcast: 'always' }, 'SUCCESS').broadcast).toBe(false);
  });

  it('mentions whom the settings say on a failure, nobody otherwise', () => {
    const group = { kind: 'group' as const, id: 'S0ML' };
    expect(decide({ mention: group }, 'FAILED').mention).toEqual(group);
    expect(decide({ mention: group }, 'SUCCESS').mention).toEqual({ kind: 'none' });
    expect(decide({ mention: { kind: 'none' } }, 'FAILED').mention).toEqual({ kind: 'none' });
    // A creator's own cancel is no failure: no mention, and no broadcast by default.
    expect(decide({}, 'CANCELLED', true)).toEqual({
      post: true,
      broadcast: false,
      mention: { kind: 'none' },
    });
  });

  it('is muted strictly before the end of the mute', () => {
    expect(isMuted({}, 1000)).toBe(false);
    expect(isMuted({ mutedUntil: 2000 }, 1999)).toBe(true);
    expect(isMuted({ mutedUntil: 2000 }, 2000)).toBe(false);
  });
});
