import type { ActionsBlock, Button } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { ACTION } from '../../src/views/ids.js';
import { BLOCK, buildHelpMessage, HELP_COMMANDS } from '../../src/views/index.js';
import { checkMessage, visibleText } from '../helpers/block-kit.js';
import { makeContext } from './fixtures.js';

const SUBCOMMANDS = ['help', 'list', 'status', 'create', 'start', 'cancel', 'watch', 'unwatch', 'watching'];

describe('buildHelpMessage', () => {
  it('lists every sub-command with its usage and an example', () => {
    const text = visibleText(buildHelpMessage(makeContext()));
    expect(HELP_COMMANDS.map((c) => c.name)).toEqual(SUBCOMMANDS);
    for (const usage of [
      '/finetune help',
      '/finetune list [status:RUNNING] [model:X] [suffix:X] [wandb:PROJECT] [mine] [page:N]',
      '/finetune status <job>',
      '/finetune create',
      '/finetune start <job>',
      '/finetune cancel <job>',
      '/finetune watch <job> [#channel]',
      '/finetune unwatch <job> [#channel]',
      '/finetune watching',
    ]) {
      expect(text).toContain(`\`${usage}\``);
    }
    for (const c of HELP_COMMANDS) expect(text).toContain(`Example: \`/finetune ${c.example}\``);
  });

  it('explains what <job> may be', () => {
    expect(visibleText(buildHelpMessage(makeContext()))).toContain(
      '`<job>` is a full job id or a unique prefix of at least 6 characters.',
    );
  });

  it('has a primary Create job button', () => {
    const { blocks } = buildHelpMessage(makeContext());
    const bar = blocks.find((b): b is ActionsBlock => b.block_id === BLOCK.helpActions);
    const button = bar?.elements[0] as Button;
    expect(button.action_id).toBe(ACTION.openCreate);
    expect(button.style).toBe('primary');
    expect(button.text.text).toBe('Create job');
  });

  it('leads with the unknown command and the suggestion', () => {
    const msg = buildHelpMessage(makeContext(), { unknown: 'lsit', suggestion: '/finetune list' });
    expect(msg.blocks[0]?.block_id).toBe(BLOCK.helpUnknown);
    expect(msg.text).toBe("I don't know `/finetune lsit`. Did you mean `/finetune list`?");
  });

  it('has no "did you mean" without a suggestion, and defuses what the user typed', () => {
    const msg = buildHelpMessage(makeContext(), { unknown: '<!here> `x`' });
    expect(msg.text).toBe("I don't know `/finetune &lt;!here&gt; 'x'`.");
    expect(checkMessage(msg)).toEqual([]);
  });

  it('passes the checks, with and without the sandbox line', () => {
    for (const sandbox of [true, false]) {
      const msg = buildHelpMessage(makeContext({ sandbox }), {
        unknown: 'y'.repeat(5000),
        suggestion: 'z'.repeat(5000),
      });
      expect(checkMessage(msg)).toEqual([]);
    }
  });
});
