import { describe, expect, it } from 'vitest';
import {
  checkMessage,
  checkModal,
  expectValidMessage,
  expectValidModal,
  HAS_SHARED,
} from '../helpers/block-kit.js';

/** The checker every test of the project relies on: it must catch what Slack rejects. */

const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const plain = (text: string) => ({ type: 'plain_text', text });
const section = (text: string, block_id?: string) => ({
  type: 'section',
  text: mrkdwn(text),
  ...(block_id ? { block_id } : {}),
});
const button = (text: string, extra: Record<string, unknown> = {}) => ({
  type: 'button',
  action_id: 'a',
  text: plain(text),
  value: 'v',
  ...extra,
});
const option = (text: string, value = 'v') => ({ text: plain(text), value });
const message = (blocks: unknown[]) => ({ text: 'fallback', blocks });
const modal = (over: Record<string, unknown> = {}) => ({
  type: 'modal',
  callback_id: 'cb',
  title: plain('Create a job'),
  submit: plain('Create'),
  close: plain('Cancel'),
  blocks: [
    {
      type: 'input',
      block_id: 'i',
      label: plain('Model'),
      element: { type: 'plain_text_input', action_id: 'm' },
    },
  ],
  ...over,
});

const expectProblem = (problems: string[], pattern: RegExp) => {
  expect(
    problems.some((p) => pattern.test(p)),
    `${pattern} not in:\n${problems.join('\n')}`,
  ).toBe(true);
};

describe('checkMessage limit checks (always run)', () => {
  it('accepts a plain valid message', () => {
    expect(
      checkMessage(message([section('hi', 'a'), { type: 'actions', elements: [button('Go')] }])),
    ).toEqual([]);
    expect(() => expectValidMessage(message([section('hi')]))).not.toThrow();
  });

  it('needs a non-empty fallback text', () => {
    expectProblem(checkMessage({ blocks: [section('hi')] }), /^\/text: fallback text is missing/);
    expectProblem(checkMessage({ text: '  ', blocks: [section('hi')] }), /^\/text/);
  });

  it('rejects more than 50 blocks', () => {
    const blocks = Array.from({ length: 51 }, (_, i) => section(`row ${i}`));
    expectProblem(checkMessage(message(blocks)), /51 blocks \(a message allows 50\)/);
  });

  it.each([
    ['section text', [section('s'.repeat(3001))], /\/blocks\/0\/text: section text is 3001/],
    [
      'more than 10 fields',
      [{ type: 'section', fields: Array.from({ length: 11 }, () => mrkdwn('f')) }],
      /\/blocks\/0\/fields: 11 fields/,
    ],
    [
      'a long field',
      [{ type: 'section', fields: [mrkdwn('f'.repeat(2001))] }],
      /\/blocks\/0\/fields\/0: field is 2001/,
    ],
    ['header text', [{ type: 'header', text: plain('h'.repeat(151)) }], /header text is 151/],
    [
      'button text',
      [{ type: 'actions', elements: [button('b'.repeat(76))] }],
      /\/blocks\/0\/elements\/0\/text: button text is 76/,
    ],
    [
      'confirm text',
      [
        {
          type: 'actions',
          elements: [
            button('b', {
              confirm: {
                title: plain('t'),
                text: mrkdwn('c'.repeat(301)),
                confirm: plain('ok'),
                deny: plain('no'),
              },
            }),
          ],
        },
      ],
      /confirm\/text: confirm text is 301/,
    ],
    [
      'context elements',
      [{ type: 'context', elements: Array.from({ length: 11 }, () => mrkdwn('c')) }],
      /11 context elements/,
    ],
    [
      'duplicate block_ids',
      [section('a', 'same'), section('b', 'same')],
      /\/blocks\/1: duplicate block_id "same"/,
    ],
    [
      'cumulative text',
      Array.from({ length: 5 }, (_, i) => section('t'.repeat(2500), `b${i}`)),
      /12500 characters of text in total/,
    ],
  ])('reports %s', (_name, blocks, pattern) => {
    const problems = checkMessage(message(blocks));
    expectProblem(problems, pattern);
    expect(() => expectValidMessage(message(blocks))).toThrow(/would be rejected/);
  });

  it('reports both option text and option value', () => {
    const select = {
      type: 'static_select',
      action_id: 's',
      options: [option('o'.repeat(76), 'v'.repeat(76))],
    };
    const problems = checkMessage(message([{ type: 'actions', elements: [select] }]));
    expectProblem(problems, /option text is 76/);
    expectProblem(problems, /option value is 76/);
  });

  it('reports more than 100 options in a select', () => {
    const options = Array.from({ length: 101 }, (_, i) => option(`o${i}`, `v${i}`));
    const select = { type: 'static_select', action_id: 's', options };
    expectProblem(
      checkMessage(message([{ type: 'actions', elements: [select] }])),
      /101 options \(max 100\)/,
    );
  });
});

describe('checkModal limit checks (always run)', () => {
  it('accepts a valid modal', () => {
    expect(checkModal(modal())).toEqual([]);
    expect(() => expectValidModal(modal())).not.toThrow();
  });

  it.each([
    ['a long title', { title: plain('t'.repeat(25)) }, /\/title: title is 25/],
    ['a long submit', { submit: plain('s'.repeat(25)) }, /\/submit: submit is 25/],
    ['a long close', { close: plain('c'.repeat(25)) }, /\/close: close is 25/],
    ['long private_metadata', { private_metadata: 'p'.repeat(3001) }, /private_metadata is 3001/],
    ['a long callback_id', { callback_id: 'c'.repeat(256) }, /callback_id is 256/],
    ['input without submit', { submit: undefined }, /must define submit/],
    [
      'more than 100 blocks',
      { blocks: Array.from({ length: 101 }, (_, i) => section(`${i}`)) },
      /101 blocks/,
    ],
    [
      'more than 100 options',
      {
        blocks: [
          {
            type: 'input',
            label: plain('Pick'),
            element: {
              type: 'static_select',
              action_id: 's',
              options: Array.from({ length: 101 }, (_, i) => option(`o${i}`, `v${i}`)),
            },
          },
        ],
      },
      /101 options/,
    ],
  ])('reports %s', (_name, over, pattern) => {
    expectProblem(checkModal(modal(over)), pattern);
    expect(() => expectValidModal(modal(over))).toThrow(/would be rejected/);
  });
});

describe.skipIf(!HAS_SHARED)('schema checks (need ../shared)', () => {
  it('reports an unknown block type', () => {
    expectProblem(
      checkMessage(message([{ type: 'sectoin', text: mrkdwn('x') }])),
      /^schema: \/blocks\/0 has unknown block type/,
    );
  });

  it('reports a misspelt property with its path', () => {
    const problems = checkMessage(message([section('ok'), { type: 'section', txt: mrkdwn('x') }]));
    expectProblem(problems, /^schema: \/blocks\/1/);
    expect(problems.some((p) => p.startsWith('schema: /blocks/0'))).toBe(false);
  });

  it('reports a button style Slack does not have', () => {
    const blocks = [{ type: 'actions', elements: [button('Go', { style: 'secondary' })] }];
    expectProblem(checkMessage(message(blocks)), /^schema: \/blocks\/0\/elements\/0\/style/);
  });

  it('reports a modal envelope error', () => {
    expectProblem(checkModal(modal({ colour: 'red' })), /^schema: .*colour/);
  });
});

describe.skipIf(!HAS_SHARED)('schema error focus', () => {
  it('names the one real problem inside a oneOf (an empty button value), not every branch', () => {
    const blocks = [{ type: 'section', text: mrkdwn('row'), accessory: button('Details', { value: '' }) }];
    expect(checkMessage(message(blocks))).toEqual([
      'schema: /blocks/0/accessory/value must NOT have fewer than 1 characters',
    ]);
  });
});
