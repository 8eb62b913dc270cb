import { describe, expect, it } from 'vitest';
import { MISTRAL_CAPABILITIES } from '../../src/backend/capabilities.js';
import type { FileInfo } from '../../src/domain/job.js';
import { buildEstimateView } from '../../src/views/create-estimate.js';
import { buildCreateForm } from '../../src/views/create-form.js';
import {
  buildCreateLoadingView,
  buildCreateResultView,
  buildCreatingView,
} from '../../src/views/create-loading.js';
import { DOCUMENTED_MODELS, fileOptionText } from '../../src/views/create-options.js';
import { checkModal, visibleText } from '../helpers/block-kit.js';

const file = (i: number, name = `train-${i}.jsonl`): FileInfo => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  filename: name,
  bytes: 12_345 * i,
  num_lines: 1000 + i,
  purpose: 'fine-tune',
  created_at: 1_700_000_000 - i,
});

describe('create views', () => {
  it('shows a file as "name · N lines · size", cut to 75 characters', () => {
    expect(fileOptionText(file(1))).toBe('train-1.jsonl · 1,001 lines · 12 KB');
    expect(fileOptionText(file(2, `${'x'.repeat(200)}.jsonl`)).length).toBeLessThanOrEqual(75);
  });

  it('keeps the newest 100 of 150 files and says so, within every Block Kit limit', () => {
    const files = Array.from({ length: 150 }, (_, i) => file(i + 1));
    const view = buildCreateForm({
      backendLabel: 'Mistral',
      capabilities: MISTRAL_CAPABILITIES,
      models: DOCUMENTED_MODELS,
      files,
      channel: 'C1',
    });
    expect(checkModal(view)).toEqual([]);
    expect(visibleText(view.blocks)).toContain('Showing the newest 100 of 150 files.');
    expect(JSON.stringify(view)).toContain(files[0]!.id);
    expect(JSON.stringify(view)).not.toContain(files[100]!.id);
  });

  it('re-shows typed values, and the problem, but has no place for the key', () => {
    const files = [file(1), file(2)];
    const view = buildCreateForm({
      backendLabel: 'Mistral',
      capabilities: MISTRAL_CAPABILITIES,
      models: ['open-mistral-7b'],
      files,
      problem: 'Mistral is not answering.',
      draft: {
        model: 'open-mistral-7b',
        jobType: 'classifier',
        trainingFiles: [files[1]!.id],
        validationFiles: [],
        learningRate: '0.0003',
        suffix: 'abc',
        wandbProject: 'p',
        autoStart: true,
        channel: 'C9',
      },
    });
    expect(checkModal(view)).toEqual([]);
    const json = JSON.stringify(view);
    for (const v of ['0.0003', '"abc"', '"C9"', 'Mistral is not answering', 'enter it again'])
      expect(json).toContain(v);
  });

  it('builds valid loading, creating, result and estimate views', () => {
    const views = [
      buildCreateLoadingView('Mistral sandbox'),
      buildCreatingView('creating', 'Mistral'),
      buildCreatingView('estimating', 'Mistral'),
      buildCreatingView('reloading', 'Mistral'),
      buildCreatingView('estimating', 'Mistral', {
        externalId: `create_estimate_${'f'.repeat(24)}`,
        close: 'Back',
      }),
      buildCreateResultView('Done.'),
      buildCreateResultView('Created.', { clearOnClose: true }),
      buildEstimateView({
        estimate: {
          cost: 4.5,
          cost_currency: 'EUR',
          expected_duration_seconds: 3600,
          train_tokens: 1_310_720,
          epochs: 4.29,
          training_steps: 10,
        },
        model: 'open-mistral-7b',
        backendLabel: 'Mistral',
        token: 'a'.repeat(32),
      }),
      buildEstimateView({ estimate: {}, model: 'm', backendLabel: 'Mistral', token: 't' }),
    ];
    for (const v of views) expect(checkModal(v)).toEqual([]);
    expect(views[4]).toMatchObject({
      external_id: expect.stringMatching(/^create_estimate_/),
      close: { text: 'Back' },
    });
    expect(views[6]?.clear_on_close).toBe(true);
    const text = visibleText(views[7]!.blocks);
    expect(text).toContain('4.50 EUR');
    expect(text).toContain('1 h');
    expect(text).toContain('1,310,720');
  });
});
