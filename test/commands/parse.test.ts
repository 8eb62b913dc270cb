import { describe, expect, it } from 'vitest';
import {
  MAX_COMMAND_CHARS,
  parseCommand,
  parseListArgs,
  suggestSubcommand,
  tokenize,
} from '../../src/commands/parse.js';
import { COMMAND_NAMES, findCommand } from '../../src/commands/table.js';
import { usageLine } from '../../src/views/index.js';

const LIST_USAGE = usageLine(findCommand('list')!);

describe('command parsing', () => {
  it('treats an empty command as help', () => {
    expect(parseCommand('   ', COMMAND_NAMES).sub).toBe('help');
  });

  it('ignores letter case and extra spaces', () => {
    expect(parseCommand('  STATUS    abc123  ', COMMAND_NAMES)).toEqual({ sub: 'status', args: ['abc123'] });
  });

  it('keeps smart-quoted values together', () => {
    expect(tokenize('list model:\u201Copen mistral\u201D suffix:\u2018a b\u2019')).toEqual([
      'list',
      'model:open mistral',
      'suffix:a b',
    ]);
  });

  it('glues "key: value" typed with a space', () => {
    expect(tokenize('list status: running')).toEqual(['list', 'status:running']);
  });

  it('reports an unknown sub-command with a suggestion', () => {
    expect(parseCommand('stauts x', COMMAND_NAMES)).toMatchObject({ sub: undefined, unknown: 'stauts' });
    expect(suggestSubcommand('stauts', COMMAND_NAMES)).toBe('status');
    expect(suggestSubcommand('lsit', COMMAND_NAMES)).toBe('list');
    expect(suggestSubcommand('watchin', COMMAND_NAMES)).toBe('watching');
    expect(suggestSubcommand('xyzzyplugh', COMMAND_NAMES)).toBeUndefined();
  });
});

describe('list filters', () => {
  it('reads every filter', () => {
    const r = parseListArgs(
      ['status:running', 'model:open-mistral-7b', 'suffix:demo', 'wandb:proj', 'mine', 'page:3'],
      LIST_USAGE,
    );
    expect(r).toEqual({
      ok: true,
      query: {
        status: 'RUNNING',
        model: 'open-mistral-7b',
        suffix: 'demo',
        wandb: 'proj',
        mine: true,
        page: 3,
      },
    });
  });

  it('names a status that does not exist and lists the valid ones', () => {
    const r = parseListArgs(['status:done'], LIST_USAGE);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toMatch(/`done` is not a job status.*SUCCESS/);
  });

  it('rejects unknown filters and bad pages with the usage', () => {
    for (const bad of [['colour:red'], ['page:0'], ['page:two'], ['model:'], ['whatever']]) {
      const r = parseListArgs(bad, LIST_USAGE);
      expect(r.ok).toBe(false);
    }
  });
});

describe('bounded work on long input (issue #7 §4.4)', () => {
  it('compares only a short prefix of the first word for "did you mean"', () => {
    // Only the first few characters can make a typo of a sub-command; the rest is never walked.
    expect(suggestSubcommand(`status${'x'.repeat(1_000_000)}`, COMMAND_NAMES)).toBe('status');
    expect(suggestSubcommand('y'.repeat(1_000_000), COMMAND_NAMES)).toBeUndefined();
  });

  it('reads no command longer than the cap', () => {
    expect(parseCommand(`stauts ${'x'.repeat(MAX_COMMAND_CHARS)}`, COMMAND_NAMES)).toEqual({
      sub: undefined,
      tooLong: true,
      args: [],
    });
  });
});
