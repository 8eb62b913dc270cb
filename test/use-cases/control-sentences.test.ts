import { describe, expect, it } from 'vitest';
import type { JobDetails } from '../../src/domain/job.js';
import { whyNot } from '../../src/views/control-sentences.js';

const job = (status: string, auto_start = false) =>
  ({ id: 'abcdef12-0000', status, auto_start }) as JobDetails;

describe('whyNot', () => {
  it('allows start only for a VALIDATED job without auto start', () => {
    expect(whyNot('start', job('VALIDATED'))).toBeUndefined();
    expect(whyNot('start', job('VALIDATED', true))).toMatch(/starts by itself/);
    expect(whyNot('start', job('QUEUED'))).toMatch(/its status is `QUEUED`/);
  });

  it('allows cancel for any live job, naming the status otherwise', () => {
    expect(whyNot('cancel', job('RUNNING'))).toBeUndefined();
    expect(whyNot('cancel', job('SOMETHING_NEW'))).toBeUndefined();
    expect(whyNot('cancel', job('FAILED'))).toMatch(/`FAILED`, which is final/);
    expect(whyNot('cancel', job('CANCELLATION_REQUESTED'))).toMatch(/already being cancelled/);
  });
});
