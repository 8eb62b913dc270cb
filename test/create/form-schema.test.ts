import { describe, expect, it } from 'vitest';
import { type FormInput, formStateValues } from '../../devtools/form-values.js';
import { MISTRAL_CAPABILITIES } from '../../src/backend/capabilities.js';
import { parseCreateForm } from '../../src/create/form-schema.js';
import { parseDecimal } from '../../src/create/parse-number.js';
import { FORM_MSG } from '../../src/views/form-messages.js';
import { FORM } from '../../src/views/ids.js';

const FILE = '11111111-2222-4333-8444-555555555555';
const base: FormInput = {
  model: 'open-mistral-7b',
  trainingFiles: [FILE],
  trainingSteps: '10',
  channel: 'C0ABC',
};
const parse = (extra: FormInput) =>
  parseCreateForm(formStateValues({ ...base, ...extra }), MISTRAL_CAPABILITIES);

describe('parseDecimal', () => {
  it.each([
    ['1e-4', 1e-4],
    [' 0.0001 ', 0.0001],
    ['.5', 0.5],
    ['+3', 3],
    ['2.', 2],
  ])('reads %j', (raw, value) => {
    expect(parseDecimal(raw)).toEqual({ ok: true, value });
  });

  it.each(['1,5', '0x10', '1e', 'Infinity', 'NaN', '5 steps', '', '1e999', '--1'])('refuses %j', (raw) => {
    expect(parseDecimal(raw).ok).toBe(false);
  });

  it('suggests the dot for a decimal comma', () => {
    expect(parseDecimal('1,5')).toEqual({ ok: false, problem: expect.stringContaining('e.g. 1.5') });
  });

  it('never suggests a decimal for a field that takes whole numbers', () => {
    for (const raw of ['1,5', '2,048']) {
      const r = parseDecimal(raw, { integer: true });
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.problem).toContain('whole number');
      expect(r.problem).not.toMatch(/use a dot|e\.g\. \d+\.\d/);
    }
  });

  it('refuses fractions where a whole number is needed', () => {
    expect(parseDecimal('2.5', { integer: true }).ok).toBe(false);
    expect(parseDecimal('1e3', { integer: true })).toEqual({ ok: true, value: 1000 });
  });
});

describe('parseCreateForm', () => {
  it('turns a minimal form into a request with the default learning rate', () => {
    const r = parse({});
    expect(r.ok && r.form).toEqual({
      channel: 'C0ABC',
      autoStart: false,
      request: {
        model: 'open-mistral-7b',
        job_type: 'completion',
        training_files: [{ file_id: FILE }],
        hyperparameters: { learning_rate: 1e-4, training_steps: 10 },
        auto_start: false,
      },
    });
  });

  it('puts the W&B key only in the request integration, with the run name as `name`', () => {
    const r = parse({ wandbProject: ' proj ', wandbRun: 'r', wandbKey: ` ${'k'.repeat(40)} ` });
    expect(r.ok && r.form.request.integrations).toEqual([
      { type: 'wandb', project: 'proj', name: 'r', api_key: 'k'.repeat(40) },
    ]);
  });

  it('accepts the bounds themselves', () => {
    const r = parse({
      learningRate: '1e-8',
      weightDecay: '0',
      warmupFraction: '1',
      seqLen: '100',
      epochs: '0.01',
    });
    expect(r.ok).toBe(true);
  });

  it('reports every problem at once, each keyed to its block', () => {
    const r = parse({
      model: undefined,
      trainingFiles: [],
      trainingSteps: 'x',
      suffix: 'a b',
      channel: undefined,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors).sort()).toEqual(
      [
        FORM.model.block,
        FORM.trainingFiles.block,
        FORM.trainingSteps.block,
        FORM.suffix.block,
        FORM.channel.block,
      ].sort(),
    );
  });

  it('explains the 86-character wandb_v1_ key and never repeats a key', () => {
    const key = `wandb_v1_${'z'.repeat(77)}`;
    const r = parse({ wandbProject: 'p', wandbKey: key });
    expect(!r.ok && r.errors[FORM.wandbKey.block]).toBe(FORM_MSG.wandbKeyNewFormat('Mistral', 40));
    expect(JSON.stringify(r.ok ? {} : r.errors)).not.toContain('zzzz');
  });

  it('survives payloads of any shape', () => {
    for (const values of [null, 1, 'x', [], { model_block: null }, { model_block: { model_select: 5 } }]) {
      const r = parseCreateForm(values, MISTRAL_CAPABILITIES);
      expect(r.ok).toBe(false);
    }
  });
});
