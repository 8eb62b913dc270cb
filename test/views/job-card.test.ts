import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { JOB_STATUSES } from '../../src/domain/job.js';
import { isTerminalStatus } from '../../src/domain/status.js';
import { ACTION } from '../../src/views/ids.js';
import { BLOCK, buildJobCard, sandboxNote, UNKNOWN_STATUS_EMOJI } from '../../src/views/index.js';
import { checkMessage, visibleText } from '../helpers/block-kit.js';
import { MISTRAL, makeContext, makeDetails, makeFullJob } from './fixtures.js';

const ctx = makeContext();

function buttons(blocks: KnownBlock[]): Button[] {
  const bar = blocks.find((b): b is ActionsBlock => b.block_id === BLOCK.jobActions);
  return (bar?.elements ?? []) as Button[];
}
const actionIds = (blocks: KnownBlock[]) => buttons(blocks).map((b) => b.action_id);
const block = (blocks: KnownBlock[], id: string) => blocks.find((b) => b.block_id === id);

describe('buildJobCard', () => {
  it('shows every seed-schema field that is set', () => {
    const job = makeFullJob();
    const text = visibleText(buildJobCard(ctx, job));
    const hp = job.hyperparameters;
    const expected = [
      job.id,
      job.model,
      'SUCCESS',
      'completion',
      'Auto-start*\nno',
      `<!date^${job.created_at}^`,
      `<!date^${job.modified_at}^`,
      ...job.training_files,
      ...job.validation_files,
      `training_steps*\n${hp.training_steps}`,
      `learning_rate*\n${hp.learning_rate}`,
      `weight_decay*\n${hp.weight_decay}`,
      `warmup_fraction*\n${hp.warmup_fraction}`,
      `epochs*\n${hp.epochs}`,
      `seq_len*\n${hp.seq_len}`,
      `fim_ratio*\n${hp.fim_ratio}`,
      'ft:open-mistral-nemo:support-bot:9f8e7d6c',
      'support-bot',
      'support-ft',
      'nightly',
      'run-42',
    ];
    for (const value of expected) expect(text).toContain(value);
  });

  it('puts the fine-tuned model right under the header', () => {
    const { blocks } = buildJobCard(ctx, makeFullJob());
    expect(blocks[0]?.block_id).toBe(BLOCK.jobHeader);
    expect(blocks[1]?.block_id).toBe(BLOCK.jobFineTunedModel);
  });

  it('shows metadata with units, currency and thousands separators', () => {
    const text = visibleText(buildJobCard(ctx, makeFullJob()));
    expect(text).toContain('1 h 5 min');
    expect(text).toContain('4.00 USD');
    expect(text).toContain('4,096,000'); // train tokens and trained tokens
    expect(text).toContain('1,234,567');
    expect(text).toContain('16,384');
  });

  it('shows 40 % for checkpoint 40 of 100 steps', () => {
    const job = makeDetails({ checkpoints: [{ step_number: 40, created_at: 1, metrics: {} }] });
    const progress = visibleText([block(buildJobCard(ctx, job).blocks, BLOCK.jobProgress)]);
    expect(progress).toContain('▓▓▓▓░░░░░░ 40 %');
    expect(progress).toContain('step 40 of 100');
  });

  it('uses the highest checkpoint step whatever the order, and shows its metrics without %', () => {
    const job = makeDetails({
      checkpoints: [
        {
          step_number: 60,
          created_at: 3,
          metrics: { train_loss: 0.51234, valid_mean_token_accuracy: 1.7634 },
        },
        { step_number: 20, created_at: 1, metrics: { train_loss: 1.9 } },
      ],
    });
    const text = visibleText(buildJobCard(ctx, job));
    expect(text).toContain('60 %');
    expect(text).toContain('(step 60)');
    expect(text).toContain('0.5123');
    expect(text).toContain('valid mean token accuracy `1.763`');
    expect(text).not.toMatch(/176(\.\d+)? ?%/);
  });

  it('shows 100 % once the job succeeded', () => {
    const job = makeDetails({
      status: 'SUCCESS',
      checkpoints: [{ step_number: 90, created_at: 1, metrics: {} }],
    });
    expect(visibleText(buildJobCard(ctx, job))).toContain('100 %');
  });

  it('has no progress block with neither a total nor a checkpoint', () => {
    const job = makeDetails({ hyperparameters: {}, metadata: {}, checkpoints: [] });
    expect(block(buildJobCard(ctx, job).blocks, BLOCK.jobProgress)).toBeUndefined();
  });

  it('shows a bar for a job created with epochs only, sized from the metadata', () => {
    const job = makeDetails({
      hyperparameters: { epochs: 3, learning_rate: 0.0001 },
      metadata: { train_tokens: 40 * 131_072, train_tokens_per_step: 131_072 },
      checkpoints: [{ step_number: 10, created_at: 1, metrics: {} }],
    });
    const card = buildJobCard(ctx, job);
    const progress = visibleText([block(card.blocks, BLOCK.jobProgress)]);
    expect(progress).toContain('▓▓▓░░░░░░░ 25 %');
    expect(progress).toContain('step 10 of 40');
    expect(card.text).toBe('Fine-tuning job 1a2b3c4d (open-mistral-7b): RUNNING 25 %');
  });

  it('shows the latest step without a bar when nothing gives the total', () => {
    const job = makeDetails({
      hyperparameters: { epochs: 3 },
      metadata: { cost: 4, cost_currency: 'USD' },
      checkpoints: [{ step_number: 5, created_at: 1, metrics: { train_loss: 1.25 } }],
    });
    const card = buildJobCard(ctx, job);
    const text = visibleText(card);
    expect(text).toContain('(step 5)');
    expect(text).not.toMatch(/[▓░]/);
    expect(text).not.toMatch(/step 5 of/);
    expect(card.text).toBe('Fine-tuning job 1a2b3c4d (open-mistral-7b): RUNNING');
  });

  it('shows the step reached even when its checkpoint has no metrics and no total is known', () => {
    const job = makeDetails({
      hyperparameters: { epochs: 3 },
      metadata: {},
      checkpoints: [{ step_number: 7, created_at: 1, metrics: {} }],
    });
    const progress = visibleText([block(buildJobCard(ctx, job).blocks, BLOCK.jobProgress)]);
    expect(progress).toContain('step 7 (total not known yet)');
    expect(progress).not.toMatch(/[▓░]/);
  });

  it('says the progress in the fallback text', () => {
    const job = makeDetails({ checkpoints: [{ step_number: 40, created_at: 1, metrics: {} }] });
    expect(buildJobCard(ctx, job).text).toBe('Fine-tuning job 1a2b3c4d (open-mistral-7b): RUNNING 40 %');
  });

  describe('W&B link', () => {
    const wandb = (url: string | null, entity?: string) => {
      const job = makeDetails({ integrations: [{ type: 'wandb', project: 'proj-x', url }] });
      const card = buildJobCard(makeContext({ wandbEntity: entity }), job);
      return visibleText([block(card.blocks, BLOCK.jobWandb)]);
    };

    it("links the integration's url when the API gives one", () => {
      expect(wandb('https://wandb.ai/acme/proj-x/runs/abc', 'other')).toContain(
        '<https://wandb.ai/acme/proj-x/runs/abc|proj-x>',
      );
    });

    it('builds the project page from the configured entity when the url is null', () => {
      expect(wandb(null, 'acme')).toContain('<https://wandb.ai/acme/proj-x|proj-x>');
    });

    it('shows the project name as plain text with neither', () => {
      const text = wandb(null);
      expect(text).toContain('proj-x');
      expect(text).not.toContain('<http');
    });
  });

  describe('buttons', () => {
    it('offers Start training only for a VALIDATED job without auto-start, with the cost in the confirm', () => {
      for (const status of JOB_STATUSES) {
        for (const auto_start of [true, false]) {
          const card = buildJobCard(ctx, makeDetails({ status, auto_start }));
          const shown = actionIds(card.blocks).includes(ACTION.jobStart);
          expect(shown, `${status} auto_start=${auto_start}`).toBe(status === 'VALIDATED' && !auto_start);
        }
      }
      const job = makeDetails({
        status: 'VALIDATED',
        auto_start: false,
        metadata: { cost: 4, cost_currency: 'USD', expected_duration_seconds: 300 },
      });
      const start = buttons(buildJobCard(ctx, job).blocks).find((b) => b.action_id === ACTION.jobStart);
      expect(start?.style).toBe('primary');
      expect(start?.confirm?.text.text).toBe('Training will cost about 4.00 USD and take about 5 min.');
    });

    it('offers Cancel only for jobs that are not terminal, with a confirm dialog', () => {
      for (const status of JOB_STATUSES) {
        const cancel = buttons(buildJobCard(ctx, makeDetails({ status })).blocks).find(
          (b) => b.action_id === ACTION.jobCancel,
        );
        expect(cancel === undefined, status).toBe(isTerminalStatus(status));
        if (cancel) {
          expect(cancel.style).toBe('danger');
          expect(cancel.confirm).toBeDefined();
        }
      }
    });

    it('always has Refresh and Watch here; Share only when the card is not shared yet', () => {
      const own = actionIds(buildJobCard(ctx, makeDetails()).blocks);
      expect(own).toEqual(expect.arrayContaining([ACTION.jobRefresh, ACTION.jobShare, ACTION.jobWatch]));
      const shared = actionIds(
        buildJobCard(ctx, makeDetails(), { shared: true, lastUpdatedBy: 'U123' }).blocks,
      );
      expect(shared).not.toContain(ACTION.jobShare);
      expect(shared).toContain(ACTION.jobRefresh);
    });

    it('carries the job id in every button', () => {
      const job = makeDetails({ status: 'VALIDATED', auto_start: false });
      for (const b of buttons(buildJobCard(ctx, job).blocks)) expect(b.value).toBe(job.id);
    });
  });

  it('shows who shared the card', () => {
    const card = buildJobCard(ctx, makeDetails(), { shared: true, lastUpdatedBy: 'U0ABC123' });
    expect(visibleText(card)).toContain('<@U0ABC123>');
    const byName = buildJobCard(ctx, makeDetails(), { lastUpdatedBy: '<!here> bob' });
    expect(JSON.stringify(byName.blocks)).toContain('by &lt;!here&gt; bob');
  });

  it('shows an unknown status verbatim with a neutral emoji, and keeps Cancel', () => {
    const card = buildJobCard(ctx, makeDetails({ status: 'PAUSED_BY_OPERATOR' }));
    const text = visibleText(card);
    expect(text).toContain(`${UNKNOWN_STATUS_EMOJI} PAUSED_BY_OPERATOR`);
    expect(card.text).toContain('PAUSED_BY_OPERATOR');
    expect(actionIds(card.blocks)).toContain(ACTION.jobCancel);
  });

  it('lists the last 5 events newest first, with the validation error', () => {
    const events = [
      { name: 'status-updated', data: { status: 'QUEUED' }, created_at: 100 },
      { name: 'status-updated', data: { status: 'VALIDATING' }, created_at: 200 },
      {
        name: 'status-updated',
        data: { status: 'FAILED_VALIDATION', error: 'train.jsonl line 3: not valid JSON' },
        created_at: 300,
      },
    ];
    const text = visibleText([
      block(buildJobCard(ctx, makeDetails({ status: 'FAILED_VALIDATION', events })).blocks, BLOCK.jobEvents),
    ]);
    expect(text).toContain('train.jsonl line 3: not valid JSON');
    expect(text.indexOf('FAILED_VALIDATION')).toBeLessThan(text.indexOf('VALIDATING'));
    expect(text.indexOf('VALIDATING')).toBeLessThan(text.indexOf('QUEUED'));

    const many = Array.from({ length: 12 }, (_, i) => ({
      name: 'status-updated',
      data: { status: 'RUNNING' },
      created_at: i,
    }));
    const shown = visibleText([
      block(buildJobCard(ctx, makeDetails({ events: many })).blocks, BLOCK.jobEvents),
    ]);
    expect(shown.match(/RUNNING/g)).toHaveLength(5);
    expect(shown).toContain('7 older events');
  });

  it('cuts long file lists', () => {
    const files = Array.from(
      { length: 500 },
      (_, i) => `f${String(i).padStart(7, '0')}-0000-4000-8000-000000000000`,
    );
    const text = visibleText(buildJobCard(ctx, makeDetails({ training_files: files })));
    expect(text).toContain('Training files (500)');
    expect(text).toContain('… and 495 more');
    expect(text).not.toContain(files[5]);
  });

  it('stays valid with 500 training files, huge events and absurd strings', () => {
    const long = 'x'.repeat(5000);
    const job = makeDetails({
      model: long,
      suffix: long,
      status: `WEIRD_${long}`,
      fine_tuned_model: long,
      training_files: Array.from({ length: 500 }, (_, i) => `${i}-${long.slice(0, 30)}`),
      validation_files: Array.from({ length: 500 }, (_, i) => `v${i}`),
      integrations: Array.from({ length: 50 }, (_, i) => ({
        type: 'wandb' as const,
        project: `${i}${long}`,
        name: long,
        run_name: long,
        url: `https://wandb.ai/${long}`,
      })),
      events: Array.from({ length: 5000 }, (_, i) => ({
        name: long,
        data: { status: 'FAILED_VALIDATION', error: `${'<!channel> & '.repeat(500)} line ${i}` },
        created_at: i,
      })),
      checkpoints: Array.from({ length: 1000 }, (_, i) => ({
        step_number: i,
        created_at: i,
        metrics: { train_loss: Math.PI * i, valid_loss: 1e-9, valid_mean_token_accuracy: 1e12 },
      })),
    });
    for (const opts of [{}, { shared: true, lastUpdatedBy: 'U1' }]) {
      const card = buildJobCard(makeContext({ sandbox: true, wandbEntity: long }), job, opts);
      expect(checkMessage(card)).toEqual([]);
      expect(card.blocks.at(-1)?.block_id).toBe(BLOCK.sandboxNote);
      // Escaped, so the API's text can never ping a channel.
      expect(JSON.stringify(card.blocks)).not.toContain('<!channel>');
    }
  });

  it('ends with the sandbox line if and only if the jobs are simulated', () => {
    const sandboxed = buildJobCard(makeContext({ sandbox: true }), makeFullJob());
    expect(visibleText([sandboxed.blocks.at(-1)])).toContain(sandboxNote(MISTRAL));
    const real = buildJobCard(makeContext({ sandbox: false }), makeFullJob());
    expect(visibleText(real)).not.toContain('Sandbox');
  });
});
