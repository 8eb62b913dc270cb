import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type FormInput, formStateValues } from '../../devtools/form-values.js';
import { MISTRAL_CAPABILITIES } from '../../src/backend/capabilities.js';
import { HYPERPARAMETER_FIELDS, parseCreateForm } from '../../src/create/form-schema.js';
import { FORM_MSG } from '../../src/views/form-messages.js';
import { FORM, type FormField } from '../../src/views/ids.js';
import { HAS_SHARED, SHARED_SKIP_REASON, sharedPath } from '../helpers/shared.js';
import { specValidators, type Validate } from '../sandbox/support.js';

/**
 * The form's zod schema against the published ones: whatever hyperparameters the form lets
 * through, the seed schema (fine-tuning-job.schema.json) and Mistral's spec accept; whatever the
 * seed schema refuses, the form refuses too, inline on that field.
 */
const FILE = '11111111-2222-4333-8444-555555555555';
const HYPER = HYPERPARAMETER_FIELDS;
type HyperInput = Pick<
  FormInput,
  'trainingSteps' | 'learningRate' | 'weightDecay' | 'warmupFraction' | 'epochs' | 'seqLen'
>;

const parse = (h: HyperInput) =>
  parseCreateForm(
    formStateValues({ model: 'open-mistral-7b', trainingFiles: [FILE], channel: 'C0ABC', ...h }),
    MISTRAL_CAPABILITIES,
  );

/** Numbers as typed: bounds and just past them, whole and fractional, plain and exponent forms, junk. */
const typed = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-0',
    '1',
    '-1',
    '0.5',
    '1.0000001',
    '1e-8',
    '1e-9',
    '99',
    '100',
    '2048.5',
    '1e3',
    '1,5',
    'x',
  ),
  fc.double({ min: -10, max: 1e5, noNaN: true }).map(String),
  fc.double({ min: 0, max: 1.2, noNaN: true }).map(String),
  fc.integer({ min: -5, max: 5000 }).map(String),
);
/** Mostly values a person would type, so a fair share of forms pass; the rest is anything. */
const field = (good: fc.Arbitrary<number>) =>
  fc.oneof(
    { weight: 3, arbitrary: good.map(String) },
    { weight: 1, arbitrary: fc.constant('') },
    { weight: 2, arbitrary: typed },
  );
const fraction = fc.double({ min: 0, max: 1, noNaN: true });
const hyperInput: fc.Arbitrary<HyperInput> = fc.record(
  {
    trainingSteps: field(fc.integer({ min: 1, max: 1_000_000 })),
    learningRate: field(fc.double({ min: 1e-8, max: 1, noNaN: true })),
    weightDecay: field(fraction),
    warmupFraction: field(fraction),
    epochs: field(fc.double({ min: 1e-3, max: 100, noNaN: true })),
    seqLen: field(fc.integer({ min: 100, max: 1_000_000 })),
  },
  { requiredKeys: [] },
);

/** What a client that skipped the form would send: every field that reads as a finite number. */
function naive(h: HyperInput): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, field] of Object.entries(HYPER)) {
    const raw = h[field as keyof HyperInput]?.trim();
    if (!raw || !/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(raw)) continue;
    const n = Number(raw);
    if (Number.isFinite(n)) out[key] = n;
  }
  return out;
}

describe.skipIf(!HAS_SHARED)(
  `the form's hyperparameters against the published schemas${HAS_SHARED ? '' : ` (${SHARED_SKIP_REASON})`}`,
  () => {
    let seedHyper: Validate;
    let specHyper: Validate;

    beforeAll(() => {
      const ajv = new Ajv2020({ strict: false, allErrors: true });
      const seed = JSON.parse(readFileSync(sharedPath('seed/fine-tuning-job.schema.json'), 'utf8')) as {
        $id: string;
      };
      ajv.addSchema(seed);
      const fn = ajv.compile({ $ref: `${seed.$id}#/$defs/Hyperparameters` });
      seedHyper = (data) => ({ ok: fn(data) as boolean, errors: ajv.errorsText(fn.errors) });
      specHyper = specValidators().component('CompletionTrainingParametersIn');
    });

    it('the seed schema really checks bounds (a control: it refuses training_steps 0)', () => {
      expect(seedHyper({ training_steps: 0 }).ok).toBe(false);
      expect(seedHyper({ training_steps: 10, learning_rate: 1e-4 }).ok).toBe(true);
    });

    it('everything the form accepts, the seed schema and the spec accept', () => {
      let accepted = 0;
      fc.assert(
        fc.property(hyperInput, (h) => {
          const r = parse(h);
          if (!r.ok) return;
          accepted += 1;
          const sent = r.form.request.hyperparameters;
          expect(seedHyper(sent), JSON.stringify(sent)).toMatchObject({ ok: true });
          expect(specHyper(sent), JSON.stringify(sent)).toMatchObject({ ok: true });
        }),
        { numRuns: 3000 },
      );
      expect(accepted).toBeGreaterThan(100);
    });

    it('whatever the seed schema refuses, the form refuses inline on that very field', () => {
      let refusals = 0;
      fc.assert(
        fc.property(hyperInput, (h) => {
          const candidate = naive(h);
          const r = parse(h);
          for (const [key, value] of Object.entries(candidate)) {
            if (seedHyper({ [key]: value }).ok) continue;
            refusals += 1;
            const block = FORM[HYPER[key] as FormField].block;
            expect(r.ok ? {} : r.errors, `${key}: ${value}`).toHaveProperty([block]);
          }
        }),
        { numRuns: 3000 },
      );
      // The generator does reach the seed schema's bounds.
      expect(refusals).toBeGreaterThan(100);
    });
  },
);

describe('hyperparameters refused inline', () => {
  it.each([
    ['training_steps 0', { trainingSteps: '0' }, 'trainingSteps', 'Enter a whole number ≥ 1.'],
    ['a fractional seq_len', { seqLen: '2048.5' }, 'seqLen', 'Enter a whole number, e.g. 100.'],
    ['weight_decay above 1', { weightDecay: '1.01' }, 'weightDecay', 'Enter a number from 0 to 1.'],
    [
      'neither training_steps nor epochs',
      { trainingSteps: '', epochs: '' },
      'trainingSteps',
      FORM_MSG.stepsOrEpochs,
    ],
  ] as const)('%s', (_name, h, field, message) => {
    const r = parse(h);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[FORM[field].block]).toBe(message);
    if (field === 'trainingSteps' && message === FORM_MSG.stepsOrEpochs) {
      expect(r.errors[FORM.epochs.block]).toBe(FORM_MSG.stepsOrEpochs);
    }
  });
});
