import type { KnownBlock, View } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { mrkdwnToText, renderMessageText, renderViewText } from '../../devtools/render-text.js';

describe('mrkdwnToText', () => {
  it('turns links, mentions, dates and entities into plain text', () => {
    expect(mrkdwnToText('See <https://wandb.ai/run/1|W&amp;B run> now')).toBe(
      'See W&B run (https://wandb.ai/run/1) now',
    );
    expect(mrkdwnToText('<https://x.io>')).toBe('https://x.io');
    expect(mrkdwnToText('by <@U123> in <#C9|general> for <!subteam^S1|@ops> <!here>')).toBe(
      'by @U123 in #general for @ops @here',
    );
    expect(mrkdwnToText('started <!date^1700000000^{date_short} {time}|Nov 14, 2023>')).toBe(
      'started Nov 14, 2023',
    );
    expect(mrkdwnToText('a &lt; b &gt; c')).toBe('a < b > c');
  });
});

describe('renderMessageText', () => {
  it('falls back to text when there are no blocks', () => {
    expect(renderMessageText({ text: 'hello <https://a.b|there>' })).toBe('hello there (https://a.b)');
  });

  it('renders header, section with fields and accessory, context, divider and actions', () => {
    const blocks: KnownBlock[] = [
      { type: 'header', text: { type: 'plain_text', text: 'Job ft-1' } },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: '*Status:* RUNNING' },
        fields: [
          { type: 'mrkdwn', text: '*Model*\nopen-mistral-7b' },
          { type: 'plain_text', text: 'Steps 10' },
        ],
        accessory: { type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'Details' } },
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'updated <!date^1^{date_short}|today>' }] },
      { type: 'divider' },
      {
        type: 'actions',
        elements: [
          { type: 'button', action_id: 'r', text: { type: 'plain_text', text: 'Refresh' } },
          { type: 'button', action_id: 'c', text: { type: 'plain_text', text: 'Cancel' } },
        ],
      },
    ];
    expect(renderMessageText({ text: 'fallback', blocks })).toBe(
      [
        '# Job ft-1',
        '*Status:* RUNNING [Details]',
        '*Model*\nopen-mistral-7b',
        'Steps 10',
        'updated today',
        '-'.repeat(40),
        '[Refresh] [Cancel]',
      ].join('\n'),
    );
  });

  it('degrades to the block type for blocks it does not know', () => {
    expect(renderMessageText({ blocks: [{ type: 'video' } as unknown as KnownBlock] })).toBe('[video block]');
  });
});

describe('renderViewText', () => {
  it('renders title, inputs with their element and initial value, and the buttons', () => {
    const view: View = {
      type: 'modal',
      title: { type: 'plain_text', text: 'Create job' },
      submit: { type: 'plain_text', text: 'Create' },
      close: { type: 'plain_text', text: 'Cancel' },
      blocks: [
        {
          type: 'input',
          label: { type: 'plain_text', text: 'Suffix' },
          optional: true,
          element: { type: 'plain_text_input', action_id: 's', initial_value: 'demo' },
        },
        {
          type: 'input',
          label: { type: 'plain_text', text: 'Model' },
          hint: { type: 'plain_text', text: 'Base model to fine-tune' },
          element: {
            type: 'static_select',
            action_id: 'm',
            initial_option: {
              text: { type: 'plain_text', text: 'open-mistral-7b' },
              value: 'open-mistral-7b',
            },
            options: [{ text: { type: 'plain_text', text: 'open-mistral-7b' }, value: 'open-mistral-7b' }],
          },
        },
        {
          type: 'input',
          label: { type: 'plain_text', text: 'Channel' },
          element: { type: 'conversations_select', action_id: 'c' },
        },
      ],
    };
    expect(renderViewText(view)).toBe(
      [
        '[ Create job ]',
        'Suffix (optional): <plain_text_input: "demo">',
        'Model: <static_select: open-mistral-7b>',
        '  Base model to fine-tune',
        'Channel: <conversations_select>',
        '[Cancel] [Create]',
      ].join('\n'),
    );
  });
});
