import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/commands/table.js';
import { JOB_STATUSES, type JobDetails } from '../../src/domain/job.js';
import {
  BLOCK,
  buildAmbiguousJobMessage,
  buildHelpMessage,
  buildJobCard,
  buildJobListMessage,
  buildNoticeMessage,
  type SlackMessage,
  sandboxNote,
  type ViewContext,
} from '../../src/views/index.js';
import { buildJobUnfurl } from '../../src/views/job-unfurl.js';
import { checkMessage, HAS_SHARED, visibleText } from '../helpers/block-kit.js';
import { MISTRAL, makeContext, makeDetails, makeFullJob, makeJob } from './fixtures.js';

const builders: [string, (ctx: ViewContext) => SlackMessage][] = [
  ['help', (ctx) => buildHelpMessage(ctx, COMMANDS)],
  [
    'help for an unknown command',
    (ctx) => buildHelpMessage(ctx, COMMANDS, { unknown: 'lsit', suggestion: '/finetune list' }),
  ],
  [
    'list',
    (ctx) => buildJobListMessage(ctx, { jobs: [makeJob()], total: 30, query: { page: 2 }, pageSize: 10 }),
  ],
  [
    'empty list',
    (ctx) => buildJobListMessage(ctx, { jobs: [], total: 0, query: { page: 1, mine: true }, pageSize: 10 }),
  ],
  ['card', (ctx) => buildJobCard(ctx, makeFullJob())],
  [
    'shared card',
    (ctx) => buildJobCard(ctx, makeDetails({ status: 'VALIDATED', auto_start: false }), { shared: true }),
  ],
  ['unfurl', (ctx) => buildJobUnfurl(ctx, makeFullJob())],
  ['notice', (ctx) => buildNoticeMessage(ctx, 'Job `1a2b3c4d` is now watched in <#C123>.')],
  ['ambiguous', (ctx) => buildAmbiguousJobMessage(ctx, '1a2b3c', [makeJob(), makeJob()])],
];

describe.each(builders)('%s', (_name, build) => {
  it('passes every Slack limit check, sandbox or not', () => {
    expect(checkMessage(build(makeContext({ sandbox: true })))).toEqual([]);
    expect(checkMessage(build(makeContext({ sandbox: false })))).toEqual([]);
  });

  it('ends with the sandbox line if and only if the jobs are simulated', () => {
    const sandboxed = build(makeContext({ sandbox: true }));
    expect(sandboxed.blocks.at(-1)?.block_id).toBe(BLOCK.sandboxNote);
    expect(visibleText([sandboxed.blocks.at(-1)])).toBe(sandboxNote(MISTRAL));
    const real = build(makeContext({ sandbox: false }));
    expect(real.blocks.some((b) => b.block_id === BLOCK.sandboxNote)).toBe(false);
    expect(visibleText(real)).not.toContain('Sandbox');
  });

  it('has a fallback text that is not empty', () => {
    expect(build(makeContext()).text.trim()).not.toBe('');
  });
});

describe.skipIf(!HAS_SHARED)('schema', () => {
  it.each(builders)('%s matches the Block Kit schema', (_name, build) => {
    const problems = checkMessage(build(makeContext({ sandbox: true })));
    expect(problems.filter((p) => p.startsWith('schema:'))).toEqual([]);
  });
});

/** Whatever the API sends, Slack must accept the message: generated jobs with hostile strings. */
describe('generated jobs', () => {
  const text = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ minLength: 1, maxLength: 4000 }),
    fc.constant('<!channel> & `x` *y*'),
  );
  const num = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer());
  const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
  const job: fc.Arbitrary<JobDetails> = fc.record({
    id: fc.oneof(fc.uuid(), text),
    model: text,
    status: fc.oneof(fc.constantFrom(...JOB_STATUSES), text),
    job_type: fc.constantFrom('completion' as const, 'classifier' as const),
    auto_start: fc.boolean(),
    created_at: fc.integer({ min: 0, max: 4_000_000_000 }),
    modified_at: fc.integer({ min: 0, max: 4_000_000_000 }),
    training_files: fc.array(text, { maxLength: 600 }),
    validation_files: fc.array(text, { maxLength: 20 }),
    hyperparameters: fc.record(
      {
        training_steps: maybe(fc.integer({ min: -5, max: 1_000_000 })),
        learning_rate: maybe(num),
        seq_len: maybe(num),
      },
      { requiredKeys: [] },
    ),
    fine_tuned_model: maybe(text),
    suffix: maybe(text),
    integrations: fc.array(
      fc.record({
        type: fc.constant('wandb' as const),
        project: text,
        name: maybe(text),
        run_name: maybe(text),
        url: maybe(text),
      }),
      { maxLength: 5 },
    ),
    trained_tokens: maybe(fc.nat()),
    metadata: maybe(
      fc.record({ cost: maybe(num), cost_currency: maybe(text), expected_duration_seconds: maybe(num) }),
    ),
    events: fc.array(
      fc.record({
        name: text,
        data: maybe(fc.record({ status: text, error: text }, { requiredKeys: [] })),
        created_at: fc.nat(),
      }),
      { maxLength: 50 },
    ),
    checkpoints: fc.array(
      fc.record({
        step_number: fc.integer({ min: -10, max: 2_000_000 }),
        created_at: fc.nat(),
        metrics: fc.record({
          train_loss: maybe(num),
          valid_loss: maybe(num),
          valid_mean_token_accuracy: maybe(num),
        }),
      }),
      { maxLength: 20 },
    ),
  });
  const ctx = fc.record({
    sandbox: fc.boolean(),
    backendLabel: fc.constantFrom('Mistral', 'Mistral sandbox'),
    provider: fc.constant(MISTRAL),
    wandbEntity: fc.option(text, { nil: undefined }),
    now: fc.nat(),
  });

  it('always give cards, lists and ambiguity messages Slack accepts', () => {
    fc.assert(
      fc.property(ctx, job, fc.array(job, { maxLength: 25 }), (c, j, many) => {
        const messages = [
          buildJobCard(c, j),
          buildJobCard(c, j, { shared: true, lastUpdatedBy: 'U123' }),
          buildJobListMessage(c, {
            jobs: many,
            total: many.length * 3,
            query: { page: 2, model: j.model },
            pageSize: 20,
          }),
          buildAmbiguousJobMessage(c, j.id, many),
          buildJobUnfurl(c, j),
        ];
        for (const m of messages) expect(checkMessage(m)).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});
