import { describe, expect, it } from 'vitest';
import { maxPerWindow } from '../../devtools/slack-standin.js';

describe('maxPerWindow', () => {
  it('finds the densest window, half-open at its end', () => {
    expect(maxPerWindow([], 1000)).toBe(0);
    expect(maxPerWindow([0, 1000, 2000], 1000)).toBe(1);
    expect(maxPerWindow([0, 999, 2000], 1000)).toBe(2);
    expect(maxPerWindow([5000, 0, 10, 20, 3000], 1000)).toBe(3);
  });
});
