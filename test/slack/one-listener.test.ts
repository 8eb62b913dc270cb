import { describe, expect, it } from 'vitest';
import { exactly } from '../../src/slack/one-listener.js';

describe('exactly (one Bolt listener for a whole ID table)', () => {
  it('matches each ID of the table and nothing else: no prefix, no suffix, no regex meaning', () => {
    const p = exactly(['job_start', 'job.share', 'list_page']);
    expect(['job_start', 'job.share', 'list_page'].map((id) => p.test(id))).toEqual([true, true, true]);
    expect(
      ['job_start_x', 'xjob_start', 'jobXshare', 'job', '', 'list_page\n'].some((id) => p.test(id)),
    ).toBe(false);
  });
});
