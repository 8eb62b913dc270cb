import { describe, expect, it } from 'vitest';
import { MISTRAL_CAPABILITIES } from '../../src/backend/capabilities.js';
import { BackendError } from '../../src/backend/errors.js';
import { mapCreateError } from '../../src/create/map-create-error.js';
import { SecretRegistry } from '../../src/logging/logger.js';
import { FORM } from '../../src/views/ids.js';
import { OPENAI_LIKE, TOGETHER_LIKE } from '../helpers/capabilities.js';

const invalid = (loc: string[], msg = 'bad') =>
  new BackendError('invalid_request', 'x', { status: 422, fieldProblems: [{ loc, msg }] });

describe('mapCreateError', () => {
  it.each([
    [['body', 'model'], FORM.model.block],
    [['body', 'hyperparameters', 'learning_rate'], FORM.learningRate.block],
    [['body', 'hyperparameters', 'seq_len'], FORM.seqLen.block],
    [['body', 'training_files', '0', 'file_id'], FORM.trainingFiles.block],
    [['body', 'job_in'], FORM.trainingFiles.block],
    [['body', 'validation_files', '1'], FORM.validationFiles.block],
    [['body', 'integrations', '0', 'api_key'], FORM.wandbKey.block],
    [['body', 'integrations', '0', 'project'], FORM.wandbProject.block],
    [['body', 'suffix'], FORM.suffix.block],
  ])('puts a 422 at %j on %s', (loc, block) => {
    expect(mapCreateError(invalid(loc, 'too big'), 'Mistral').errors).toEqual({
      [block]: 'Mistral: too big',
    });
  });

  it('keeps a 422 it cannot place as one sentence', () => {
    const f = mapCreateError(invalid(['body', 'classifier_targets'], 'nope'), 'Mistral');
    expect(f.errors).toEqual({});
    expect(f.sentence).toMatch(/Mistral rejected the request/);
  });

  it('explains a 409 on the suffix', () => {
    const f = mapCreateError(new BackendError('conflict', 'x', { status: 409 }), 'Mistral');
    expect(f.errors[FORM.suffix.block]).toMatch(/similar job/);
  });

  it('turns anything else into a sentence', () => {
    expect(mapCreateError(new Error('boom'), 'Mistral')).toEqual({
      errors: {},
      sentence: expect.stringMatching(/Something went wrong/),
    });
  });

  it('scrubs a secret the backend echoed, before cutting the text, so not even part of it is left', () => {
    const key = 'WANDBKEYwandbkey0123456789abcdefghijklmn';
    const secrets = new SecretRegistry();
    secrets.add(key);
    const scrub = (t: string) => secrets.scrub(t);
    // The key straddles the 250-character cut of an inline error.
    const onField = mapCreateError(
      invalid(['body', 'integrations', '0', 'api_key'], `${'x'.repeat(230)}${key}`),
      'Mistral',
      scrub,
    );
    const unplacedErr = mapCreateError(
      invalid(['body', 'classifier_targets'], `bad input ${key}`),
      'Mistral',
      scrub,
    );
    const shown = JSON.stringify([onField, unplacedErr]);
    expect(shown).not.toContain(key.slice(0, 8));
    expect(shown).toContain('[redacted]');
  });
});

describe('mapCreateError for a provider', () => {
  it('places a problem only on a field the form shows for it', () => {
    const onEpochs = mapCreateError(
      invalid(['body', 'hyperparameters', 'epochs'], 'too many'),
      'Together AI',
      undefined,
      TOGETHER_LIKE,
    );
    expect(onEpochs.errors).toEqual({ [FORM.epochs.block]: 'Together AI: too many' });
    const onSteps = mapCreateError(
      invalid(['body', 'hyperparameters', 'training_steps']),
      'Together AI',
      undefined,
      TOGETHER_LIKE,
    );
    expect(onSteps.errors).toEqual({});
    expect(onSteps.sentence).toMatch(/Together AI/);
    const onKey = mapCreateError(
      invalid(['body', 'integrations', '0', 'api_key']),
      'OpenAI',
      undefined,
      OPENAI_LIKE,
    );
    expect(onKey.errors).toEqual({});
    const mistral = mapCreateError(
      invalid(['body', 'hyperparameters', 'training_steps']),
      'Mistral',
      undefined,
      MISTRAL_CAPABILITIES,
    );
    expect(mistral.errors).toEqual({ [FORM.trainingSteps.block]: 'Mistral: bad' });
  });
});
