import { describe, expect, it } from 'vitest';
import { type FormInput, formStateValues } from '../../devtools/form-values.js';
import { MISTRAL_CAPABILITIES } from '../../src/backend/capabilities.js';
import { parseCreateForm } from '../../src/create/form-schema.js';
import { FORM } from '../../src/views/ids.js';

/**
 * Issue #7 §4.7: whole numbers of 2^53 or more pass a plain integer check but the Mistral SDK refuses
 * them before sending, which came back as "Mistral sent an answer the app could not read". They are
 * bounded in the form, so the user gets the problem under the field and nothing is sent.
 */
const base: FormInput = {
  model: 'open-mistral-7b',
  trainingFiles: ['11111111-2222-4333-8444-555555555555'],
  trainingSteps: '10',
  channel: 'C0ABC',
};
const parse = (extra: FormInput) =>
  parseCreateForm(formStateValues({ ...base, ...extra }), MISTRAL_CAPABILITIES);

describe('whole-number fields of the create form', () => {
  for (const [field, key] of [
    ['training steps', 'trainingSteps'],
    ['sequence length', 'seqLen'],
  ] as const) {
    for (const raw of ['9007199254740994', '9007199254740993', '9007199254740991', '1e20', '10000000000']) {
      it(`puts an error under ${field} for ${raw}`, () => {
        const r = parse({ [key]: raw });
        expect(r.ok).toBe(false);
        if (r.ok) return;
        expect(r.errors[FORM[key].block]).toMatch(/too large|at most/i);
      });
    }

    it(`still takes a large but sane ${field}`, () => {
      const r = parse({ [key]: '1000000' });
      expect(r.ok).toBe(true);
    });
  }
});
