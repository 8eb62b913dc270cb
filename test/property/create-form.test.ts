import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FormInput, formStateValues } from '../../devtools/form-values.js';
import type { LocalStack } from '../../devtools/local-stack.js';
import type { ViewStateValues } from '../../devtools/slack-driver.js';
import type { StoredView } from '../../devtools/slack-standin.js';
import { type BackendCapabilities, MISTRAL_CAPABILITIES } from '../../src/backend/capabilities.js';
import { parseCreateForm } from '../../src/create/form-schema.js';
import type { FileInfo, HyperparameterKey } from '../../src/domain/job.js';
import { buildCreateForm } from '../../src/views/create-form.js';
import { FORM, VIEW } from '../../src/views/ids.js';
import { openForm, startCreateStack, trainingFiles } from '../create/stack.js';
import { visibleText } from '../helpers/block-kit.js';
import { OPENAI_FILE, OPENAI_LIKE, TOGETHER_FILE, TOGETHER_LIKE } from '../helpers/capabilities.js';
import { trackUnhandledRejections } from './unhandled.js';

/**
 * Thousands of random modal states submitted through the real app: every submission gets a
 * response_action, inline errors only name blocks that exist, each with a sentence, and nothing crashes.
 */
let stack: LocalStack;
let files: FileInfo[];
let form: StoredView;
const tracker = trackUnhandledRejections();
const BLOCKS = new Set<string>(Object.values(FORM).map((f) => f.block));

beforeAll(async () => {
  stack = await startCreateStack();
  files = await trainingFiles(stack);
  form = await openForm(stack);
});

afterAll(async () => {
  tracker.stop();
  await stack?.close();
});

const junk = fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 30 }));
const numberText = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '1',
    '10',
    '0',
    '-1',
    '1e-4',
    ' 0.0001 ',
    '1,5',
    '.5',
    '1e',
    'NaN',
    'Infinity',
    '0x10',
    '1e999',
    '2.5',
    '100',
  ),
  fc.double().map(String),
  fc.integer().map(String),
  junk,
);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });
/** Mostly the good value, so a fair share of submissions pass validation and reach the backend. */
const mostly = <T>(good: T, other: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 6, arbitrary: fc.constant(good) }, { weight: 1, arbitrary: other });

function formInput(fileIds: string[]): fc.Arbitrary<FormInput> {
  const fileId = fc.oneof(fc.constantFrom(...fileIds), fc.uuid(), junk);
  return fc.record({
    model: mostly<string | undefined>(
      'open-mistral-7b',
      maybe(fc.oneof(fc.constantFrom('ministral-3b-latest', 'mistral-embed'), junk)),
    ),
    jobType: maybe(fc.constantFrom('completion' as const, 'classifier' as const)),
    trainingFiles: mostly([fileIds[0] as string], fc.array(fileId, { maxLength: 3 })),
    validationFiles: mostly([], fc.array(fileId, { maxLength: 2 })),
    trainingSteps: mostly<string | undefined>('10', maybe(numberText)),
    learningRate: maybe(numberText),
    weightDecay: maybe(numberText),
    warmupFraction: maybe(numberText),
    epochs: maybe(numberText),
    seqLen: maybe(numberText),
    suffix: maybe(fc.oneof(fc.stringMatching(/^[a-z0-9_-]{1,18}$/), junk)),
    wandbProject: mostly<string | undefined>(undefined, maybe(junk)),
    wandbRun: mostly<string | undefined>(undefined, maybe(junk)),
    wandbKey: mostly<string | undefined>(
      undefined,
      maybe(fc.oneof(fc.string({ minLength: 40, maxLength: 40 }), fc.string({ maxLength: 90 }))),
    ),
    autoStart: fc.boolean(),
    channel: mostly<string | undefined>(
      'C0PROPS1',
      maybe(fc.constantFrom('C0PROPS2', 'G0PRIVATE', 'not-a-channel')),
    ),
  });
}

/** Payloads no Slack client would send: missing blocks, wrong element types, foreign keys. */
const malformed: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant({}),
  fc.dictionary(
    fc.constantFrom(...BLOCKS, 'other_block'),
    fc.dictionary(fc.string({ maxLength: 25 }), fc.anything()),
  ),
  fc.dictionary(
    fc.constantFrom(...BLOCKS),
    fc.record({
      [FORM.model.action]: fc.record({
        type: fc.string(),
        value: fc.anything(),
        selected_option: fc.anything(),
      }),
    }),
  ),
);

function ackOf(body: unknown): Record<string, unknown> {
  expect(typeof body).toBe('object');
  return body as Record<string, unknown>;
}

describe('any create-form state', () => {
  it('gets an answer, with errors only on blocks that exist, and nothing crashes', async () => {
    const seen: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ weight: 4, arbitrary: formInput(files.map((f) => f.id)).map(formStateValues) }, malformed),
        async (values) => {
          const res = await stack.driver.viewSubmission({
            view: form.view,
            values: values as ViewStateValues,
          });
          expect(res.status).toBe(200);
          const ack = ackOf(res.body);
          const action = String(ack.response_action);
          seen[action] = (seen[action] ?? 0) + 1;
          expect(['errors', 'update', 'push']).toContain(action);
          if (action === 'errors') {
            const errors = ack.errors as Record<string, unknown>;
            expect(Object.keys(errors).length).toBeGreaterThan(0);
            for (const [block, message] of Object.entries(errors)) {
              expect(BLOCKS.has(block)).toBe(true);
              expect(typeof message).toBe('string');
              expect((message as string).length).toBeGreaterThan(5);
            }
          } else {
            // Whatever replaces or covers the form says something a person can read.
            const view = ack.view as { blocks?: unknown[] };
            expect(typeof view).toBe('object');
            expect(Array.isArray(view.blocks)).toBe(true);
            expect(visibleText(view.blocks as unknown[]).trim().length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 3000 },
    );
    expect(seen.errors).toBeGreaterThan(0);
    expect((seen.update ?? 0) + (seen.push ?? 0)).toBeGreaterThan(0);
    expect(tracker.reasons).toEqual([]);
    expect(stack.standin.payloadProblems.filter((p) => p.kind === 'view')).toEqual([]);
  }, 180_000);

  it('answers any estimate submission, known token or not', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.json(), fc.constant('{"token":"00"}')), async (meta) => {
        const view = { ...form.view, callback_id: VIEW.createEstimate, private_metadata: meta };
        const res = await stack.driver.viewSubmission({ view, values: {} });
        expect(res.status).toBe(200);
        const ack = ackOf(res.body);
        expect(ack.response_action).toBe('update');
        expect(visibleText((ack.view as { blocks: unknown[] }).blocks).trim().length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
    expect(tracker.reasons).toEqual([]);
  }, 30_000);
});

/** The same random states, parsed directly against each provider's capabilities (no app needed). */
const PROVIDERS: [string, BackendCapabilities, string[]][] = [
  [
    'Mistral',
    MISTRAL_CAPABILITIES,
    ['11111111-2222-4333-8444-555555555555', '11111111-2222-4333-8444-666666666666'],
  ],
  ['Together AI', TOGETHER_LIKE, [TOGETHER_FILE, 'file-0a1b2c3d-0000-4000-8000-000000000002']],
  ['OpenAI', OPENAI_LIKE, [OPENAI_FILE, 'file-second1']],
];

function within(b: BackendCapabilities['hyperparameters'][HyperparameterKey], v: number): boolean {
  if (!b) return false;
  if (b.integer && !Number.isInteger(v)) return false;
  if (b.min !== undefined && (b.exclusiveMin ? v <= b.min : v < b.min)) return false;
  return b.max === undefined || v <= b.max;
}

describe.each(PROVIDERS)('any create-form state against %s capabilities', (label, caps, fileIds) => {
  const files = fileIds.map((id, i) => ({
    id,
    filename: `f${i}.jsonl`,
    bytes: 1,
    num_lines: 1,
    purpose: 'fine-tune',
    created_at: 1,
  }));
  const view = buildCreateForm({ backendLabel: label, capabilities: caps, models: ['m'], files });
  const shown = new Set(view.blocks.flatMap((b) => (b.type === 'input' && b.block_id ? [b.block_id] : [])));

  it('errors only under fields the form shows; a passing form sends only what the provider takes', () => {
    let passed = 0;
    fc.assert(
      fc.property(formInput(fileIds), (input) => {
        const r = parseCreateForm(formStateValues(input), caps, label);
        if (!r.ok) {
          for (const block of Object.keys(r.errors)) expect(shown.has(block), block).toBe(true);
          return;
        }
        passed += 1;
        const req = r.form.request;
        for (const [key, value] of Object.entries(req.hyperparameters)) {
          const bound = caps.hyperparameters[key as HyperparameterKey];
          expect(value == null || within(bound, value), `${key}: ${value}`).toBe(true);
        }
        expect(req.training_files.length).toBeLessThanOrEqual(caps.maxTrainingFiles);
        expect((req.validation_files ?? []).length).toBeLessThanOrEqual(caps.maxValidationFiles);
        expect(caps.jobTypes).toContain(req.job_type);
        expect((req.suffix ?? '').length).toBeLessThanOrEqual(Math.min(18, caps.suffixMaxLength));
        for (const i of req.integrations ?? []) expect(i.api_key !== '').toBe(caps.wandb.perJobKey);
      }),
      // Seeded: the count of passing forms below must not depend on the luck of a run.
      { numRuns: 2000, seed: 0x5eed_f0 },
    );
    expect(passed).toBeGreaterThan(50);
  });
});
