import { describe, expect, it } from 'vitest';
import { ACTION, BLOCK } from '../../src/views/ids.js';
import { buildJobUnfurl } from '../../src/views/job-unfurl.js';
import { checkMessage, visibleText } from '../helpers/block-kit.js';
import { makeContext, makeDetails, makeFullJob } from './fixtures.js';

const ctx = makeContext({ wandbEntity: 'acme' });
const actionIds = (blocks: unknown) =>
  JSON.stringify(blocks)
    .match(/"action_id":"[^"]+"/g)
    ?.map((s) => s.slice(13, -1)) ?? [];

describe('buildJobUnfurl', () => {
  it('shows the status, base model, fine-tuned model, progress and W&B link, and one Watch here button', () => {
    const job = makeFullJob();
    const m = buildJobUnfurl(ctx, job);
    const text = visibleText(m);
    for (const s of ['SUCCESS', job.model, job.fine_tuned_model ?? '', job.id, 'support-ft', '100 %']) {
      expect(text).toContain(s);
    }
    expect(JSON.stringify(m.blocks)).toContain('https://wandb.ai/acme/support-ft');
    expect(actionIds(m.blocks)).toEqual([ACTION.jobWatch]);
    const watch = m.blocks.find((b) => b.block_id === BLOCK.jobActions);
    expect(JSON.stringify(watch)).toContain(`"value":"${job.id}"`);
    expect(checkMessage(m)).toEqual([]);
  });

  it('stays compact: no hyperparameters, files or events (that is the full card)', () => {
    const m = buildJobUnfurl(ctx, makeFullJob());
    const ids = m.blocks.map((b) => b.block_id);
    expect(ids).not.toContain(BLOCK.jobHyperparameters);
    expect(ids).not.toContain(BLOCK.jobFiles);
    expect(ids).not.toContain(BLOCK.jobEvents);
    expect(m.blocks.length).toBeLessThanOrEqual(5);
  });

  it('escapes what the API sends: a model name cannot ping the channel or add a link', () => {
    const m = buildJobUnfurl(
      ctx,
      makeDetails({ model: '<!channel> <https://evil.example|x>', status: 'RUNNING' }),
    );
    const raw = JSON.stringify(m.blocks);
    expect(raw).not.toContain('<!channel>');
    expect(raw).not.toContain('<https://evil.example');
    expect(checkMessage(m)).toEqual([]);
  });
});
