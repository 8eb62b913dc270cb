import { describe, expect, it } from 'vitest';
import { parseDuration, parseWatchOptions } from '../../src/commands/watch-options.js';

describe('watch options', () => {
  it('splits options from the job and the channel', () => {
    const r = parseWatchOptions([
      'abc12345',
      '<#C0ML|ml>',
      'only:Failures',
      'broadcast:never',
      'mention:<!subteam^S0GROUP|@ml-team>',
    ]);
    expect(r).toEqual({
      ok: true,
      rest: ['abc12345', '<#C0ML|ml>'],
      settings: { only: 'failures', broadcast: 'never', mention: { kind: 'group', id: 'S0GROUP' } },
    });
    expect(parseWatchOptions(['mention:creator'])).toMatchObject({
      settings: { mention: { kind: 'creator' } },
    });
    expect(parseWatchOptions(['mention:none'])).toMatchObject({ settings: { mention: { kind: 'none' } } });
  });

  it('refuses a bad option with a sentence naming it and the choices', () => {
    const bad = (args: string[]) => {
      const r = parseWatchOptions(args);
      if (r.ok) throw new Error('expected a refusal');
      return r.problem;
    };
    expect(bad(['only:sometimes'])).toBe(
      '`only:sometimes` is not a choice: use `only:all`, `only:terminal` or `only:failures`.',
    );
    expect(bad(['broadcast:loud'])).toMatch(/`broadcast:failures`, `broadcast:always` or `broadcast:never`/);
    expect(bad(['colour:red'])).toMatch(/I don't know the option `colour:`/);
    expect(bad(['only:'])).toMatch(/`only:` needs a value/);
    expect(bad(['mention:@ml-team'])).toMatch(/autocomplete/);
    expect(bad(['mention:<@U123>'])).toMatch(/is not a choice/);
    // What the user typed comes back inert.
    expect(bad(['only:<!channel>'])).toContain('&lt;!channel&gt;');
  });

  it('reads durations from a minute to a week', () => {
    expect(parseDuration('30m')).toBe(30 * 60_000);
    expect(parseDuration('2h')).toBe(2 * 3_600_000);
    expect(parseDuration('1h30m')).toBe(90 * 60_000);
    expect(parseDuration('1d')).toBe(86_400_000);
    expect(parseDuration('8d')).toBeUndefined();
    expect(parseDuration('0m')).toBeUndefined();
    expect(parseDuration('2x')).toBeUndefined();
    expect(parseDuration('soon')).toBeUndefined();
  });
});
