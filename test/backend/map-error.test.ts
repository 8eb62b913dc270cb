import { describe, expect, it } from 'vitest';
import { BackendError } from '../../src/backend/errors.js';
import { errorFromStatus, parseDetail, parseRetryAfter } from '../../src/backend/map-error.js';
import { describeBackendError, RETIRED_SENTENCE } from '../../src/views/backend-error.js';

const h = (o: Record<string, string> = {}) => new Headers(o);

describe('backend error mapping', () => {
  it('turns 410 into the retirement sentence', () => {
    const e = errorFromStatus(410, '{"detail":"gone"}', h(), 'the job list', 'Mistral');
    expect(e.kind).toBe('retired');
    expect(describeBackendError(e, 'Mistral')).toBe(RETIRED_SENTENCE);
    expect(RETIRED_SENTENCE).toMatch(/retired its hosted fine-tuning API/);
  });

  it('reads both 422 shapes', () => {
    const list = parseDetail('{"detail":[{"loc":["body","suffix"],"msg":"String should match pattern"}]}');
    expect(list.fieldProblems).toEqual([{ loc: ['body', 'suffix'], msg: 'String should match pattern' }]);
    expect(
      parseDetail('{"detail":"Model not available for this type of fine-tuning (completion)."}').detail,
    ).toMatch(/Model not available/);
    const e = errorFromStatus(
      422,
      '{"detail":[{"loc":["body","suffix"],"msg":"too long"}]}',
      h(),
      'x',
      'Mistral',
    );
    expect(describeBackendError(e, 'Mistral')).toBe('Mistral rejected the request: suffix: too long');
  });

  it('keeps Retry-After for 429, in seconds or as a date', () => {
    const e = errorFromStatus(429, '{}', h({ 'retry-after': '7' }), 'x', 'Mistral');
    expect(e.kind).toBe('rate_limited');
    expect(e.retryAfterSeconds).toBe(7);
    expect(describeBackendError(e, 'Mistral')).toMatch(/try again in 7 seconds/);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 0)).toBe(10);
  });

  it('classifies the other statuses', () => {
    expect(errorFromStatus(404, '', h(), 'job abc', 'Mistral').kind).toBe('not_found');
    expect(describeBackendError(errorFromStatus(404, '', h(), 'job abc', 'Mistral'), 'Mistral')).toBe(
      'There is no job abc on Mistral.',
    );
    expect(errorFromStatus(401, '', h(), 'x', 'Mistral').kind).toBe('unauthorized');
    expect(errorFromStatus(409, '{"detail":"similar"}', h(), 'x', 'Mistral').kind).toBe('conflict');
    expect(errorFromStatus(503, '', h(), 'x', 'Mistral').kind).toBe('unavailable');
  });

  it('gives a neutral sentence for errors that are not backend errors', () => {
    expect(describeBackendError(new Error('boom'), 'Mistral')).toMatch(
      /Something went wrong talking to Mistral/,
    );
    expect(describeBackendError(new BackendError('bad_response', 'x'), 'Mistral')).toMatch(/could not read/);
  });
});

describe('a retired API (410) on any provider', () => {
  it('keeps Mistral’s sentence for Mistral and names any other provider', () => {
    const gone = errorFromStatus(410, '', h(), 'the job list', 'Together AI');
    expect(describeBackendError(gone, 'Mistral sandbox')).toBe(RETIRED_SENTENCE);
    expect(describeBackendError(gone, 'Together AI')).toMatch(
      /^Together AI has retired this fine-tuning API/,
    );
    expect(describeBackendError(gone, 'Together AI')).not.toMatch(/Mistral/);
  });

  it('names the configured key variable when the provider refuses the key', () => {
    const refused = errorFromStatus(401, '', h(), 'the job list', 'Azure AI Foundry');
    expect(describeBackendError(refused, 'Azure AI Foundry', 'OPENAI_API_KEY')).toBe(
      'Azure AI Foundry refused our API key. Check OPENAI_API_KEY.',
    );
  });
});
