import type { ActionsBlock, Button } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/commands/table.js';
import { ACTION } from '../../src/views/ids.js';
import { BLOCK, buildHelpMessage } from '../../src/views/index.js';
import { checkMessage, visibleText } from '../helpers/block-kit.js';
import { makeContext } from './fixtures.js';

describe('buildHelpMessage', () => {
  it('lists every sub-command with its usage and an example', () => {
    const text = visibleText(buildHelpMessage(makeContext(), COMMANDS));
    const usages = [
      '/finetune help',
      '/finetune list [status:RUNNING] [model:X] [suffix:X] [wandb:PROJECT] [mine] [page:N]',
      '/finetune status <job>',
      '/finetune chart <job>',
      '/finetune compare <job> <job>…',
      '/finetune create',
      '/finetune upload',
      '/finetune start <job>',
      '/finetune cancel <job>',
      '/finetune watch <job> [#channel] [only:…] [broadcast:…] [mention:…]',
      '/finetune unwatch <job> [#channel]',
      '/finetune mute <job> [#channel] <duration>',
      '/finetune unmute <job> [#channel]',
      '/finetune settings [only:…] [broadcast:…] [mention:…]',
      '/finetune watching',
      '/finetune audit [#channel] [days:N]',
      '/finetune budget [#channel] [<amount> per month | off]',
    ];
    // The command table drives the help: every row, in the table's order, and nothing else.
    expect(COMMANDS.map((c) => `/finetune ${c.usage}`)).toEqual(usages);
    for (const usage of usages) expect(text).toContain(`\`${usage}\``);
    for (const c of COMMANDS) expect(text).toContain(`Example: \`/finetune ${c.example}\``);
  });

  it('explains what <job> may be', () => {
    expect(visibleText(buildHelpMessage(makeContext(), COMMANDS))).toContain(
      '`<job>` is a full job id or a unique prefix of at least 6 characters.',
    );
  });

  it('has a primary Create job button', () => {
    const { blocks } = buildHelpMessage(makeContext(), COMMANDS);
    const bar = blocks.find((b): b is ActionsBlock => b.block_id === BLOCK.helpActions);
    const button = bar?.elements[0] as Button;
    expect(button.action_id).toBe(ACTION.openCreate);
    expect(button.style).toBe('primary');
    expect(button.text.text).toBe('Create job');
  });

  it('leads with the unknown command and the suggestion', () => {
    const msg = buildHelpMessage(makeContext(), COMMANDS, { unknown: 'lsit', suggestion: '/finetune list' });
    expect(msg.blocks[0]?.block_id).toBe(BLOCK.helpUnknown);
    expect(msg.text).toBe("I don't know `/finetune lsit`. Did you mean `/finetune list`?");
  });

  it('has no "did you mean" without a suggestion, and defuses what the user typed', () => {
    const msg = buildHelpMessage(makeContext(), COMMANDS, { unknown: '<!here> `x`' });
    expect(msg.text).toBe("I don't know `/finetune &lt;!here&gt; 'x'`.");
    expect(checkMessage(msg)).toEqual([]);
  });

  it('passes the checks, with and without the sandbox line', () => {
    for (const sandbox of [true, false]) {
      const msg = buildHelpMessage(makeContext({ sandbox }), COMMANDS, {
        unknown: 'y'.repeat(5000),
        suggestion: 'z'.repeat(5000),
      });
      expect(checkMessage(msg)).toEqual([]);
    }
  });
});
