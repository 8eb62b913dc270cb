import { describe, expect, it } from 'vitest';
import { isFreshTimestamp } from '../../src/slack/request-time.js';

describe('isFreshTimestamp', () => {
  const now = 1_800_000_000_000;
  const s = (sec: number) => String(now / 1000 + sec);

  it('accepts a timestamp within five minutes either way', () => {
    expect(isFreshTimestamp(s(0), now)).toBe(true);
    expect(isFreshTimestamp(s(299), now)).toBe(true);
    expect(isFreshTimestamp(s(-299), now)).toBe(true);
  });

  it('refuses one more than five minutes ahead or behind', () => {
    expect(isFreshTimestamp(s(301), now)).toBe(false);
    expect(isFreshTimestamp(s(3600), now)).toBe(false);
    expect(isFreshTimestamp(s(-301), now)).toBe(false);
  });

  it('refuses a header that is not a number of seconds, and leaves a missing one to Bolt', () => {
    for (const bad of ['', 'abc', '1e9', '-5', '12.5', ['1', '2']])
      expect(isFreshTimestamp(bad, now)).toBe(false);
    expect(isFreshTimestamp(undefined, now)).toBeUndefined();
  });
});
