import type { ActionsBlock, Button, SectionBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { Job } from '../../src/domain/job.js';
import { ACTION } from '../../src/views/ids.js';
import { BLOCK, buildJobListMessage, jobRowBlockId } from '../../src/views/index.js';
import { decodeListQuery, type ListQuery } from '../../src/views/list-query.js';
import { checkMessage, visibleText } from '../helpers/block-kit.js';
import { makeContext, makeJob } from './fixtures.js';

const ctx = makeContext();

function jobs(n: number): Job[] {
  return Array.from({ length: n }, (_, i) =>
    makeJob({
      id: `${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`,
      created_at: 1_717_000_000 - i,
    }),
  );
}

function list(query: ListQuery, total: number, pageSize = 10, rows = Math.min(pageSize, total)) {
  return buildJobListMessage(ctx, { jobs: jobs(rows), total, query, pageSize });
}

function pagingButtons(msg: ReturnType<typeof list>): Button[] {
  const bar = msg.blocks.find((b): b is ActionsBlock => b.block_id === BLOCK.listActions);
  return (bar?.elements ?? []) as Button[];
}

describe('buildJobListMessage', () => {
  it('shows one row per job, in the given order, with a Details button carrying the job id', () => {
    const msg = list({ page: 1 }, 3);
    const rows = msg.blocks.filter((b): b is SectionBlock => b.block_id?.startsWith('job_row_') ?? false);
    expect(rows.map((r) => r.block_id)).toEqual([0, 1, 2].map(jobRowBlockId));
    const accessories = rows.map((r) => r.accessory as Button);
    expect(accessories.map((b) => b.action_id)).toEqual(Array(3).fill(ACTION.jobDetails));
    expect(accessories.map((b) => b.value)).toEqual(jobs(3).map((j) => j.id));
  });

  it('shows status emoji, short id, model, suffix and the age as a relative date token on a row', () => {
    const job = makeJob({ status: 'SUCCESS', suffix: 'support-bot' });
    const msg = buildJobListMessage(ctx, { jobs: [job], total: 1, query: { page: 1 }, pageSize: 10 });
    const row = visibleText([msg.blocks.find((b) => b.block_id === jobRowBlockId(0))]);
    expect(row).toContain('✅ `1a2b3c4d`');
    expect(row).not.toContain(job.id);
    expect(row).toContain('open-mistral-7b');
    expect(row).toContain('support-bot');
    // Slack shows "1 hour ago" in each reader's clock; clients without date tokens show the UTC time.
    expect(row).toContain(`created <!date^${job.created_at}^{ago}|2024-06-01T11:00:00Z>`);
  });

  it('names the active filters in the title', () => {
    const msg = list({ page: 1, status: 'RUNNING', model: 'open-mistral-7b', wandb: 'proj', mine: true }, 2);
    expect(visibleText([msg.blocks[0]])).toBe(
      'Fine-tuning jobs (status:RUNNING, model:open-mistral-7b, wandb:proj, mine)',
    );
  });

  it('says the page, the page count and the total', () => {
    expect(visibleText(list({ page: 2 }, 25))).toContain('Page 2 of 3 · 25 jobs');
    expect(visibleText(list({ page: 1 }, 1))).toContain('Page 1 of 1 · 1 job');
  });

  it('puts the neighbouring page, with the same filters, in Previous and Next', () => {
    const query: ListQuery = { page: 2, status: 'RUNNING', suffix: 'abc' };
    const [prev, next] = pagingButtons(list(query, 25));
    expect(prev?.action_id).toBe(ACTION.listPrev);
    expect(decodeListQuery(prev?.value)).toMatchObject({ ...query, page: 1 });
    expect(next?.action_id).toBe(ACTION.listNext);
    expect(decodeListQuery(next?.value)).toMatchObject({ ...query, page: 3 });
  });

  it('has no Previous on the first page and no Next on the last', () => {
    expect(pagingButtons(list({ page: 1 }, 25)).map((b) => b.action_id)).toEqual([ACTION.listNext]);
    expect(pagingButtons(list({ page: 3 }, 25, 10, 5)).map((b) => b.action_id)).toEqual([ACTION.listPrev]);
    expect(list({ page: 1 }, 4).blocks.some((b) => b.block_id === BLOCK.listActions)).toBe(false);
  });

  it('names the filters and suggests an unfiltered list when nothing matches', () => {
    const msg = list({ page: 1, status: 'FAILED', model: 'codestral' }, 0);
    expect(msg.text).toContain('`status:FAILED` `model:codestral`');
    expect(msg.text).toContain('`/finetune list` without filters');
    expect(visibleText(msg)).toContain(msg.text);
  });

  it('suggests creating a job when there are none at all', () => {
    expect(list({ page: 1 }, 0).text).toContain('/finetune create');
  });

  it('sends a page past the end back to the last page', () => {
    const msg = list({ page: 9, model: 'x' }, 25, 10, 0);
    expect(msg.text).toContain('Page 9 is past the end');
    const buttons = pagingButtons(msg);
    expect(buttons.map((b) => b.action_id)).toEqual([ACTION.listPrev]);
    expect(decodeListQuery(buttons[0]?.value)?.page).toBe(3);
  });

  it('stays within 50 blocks and passes the checks for page sizes up to 20, sandbox or not', () => {
    for (const sandbox of [false, true]) {
      for (let pageSize = 1; pageSize <= 20; pageSize++) {
        const msg = buildJobListMessage(makeContext({ sandbox }), {
          jobs: jobs(pageSize).map((j) => ({ ...j, model: 'm'.repeat(300), suffix: 's'.repeat(300) })),
          total: 1000,
          query: { page: 2, model: 'm'.repeat(300) },
          pageSize,
        });
        expect(msg.blocks.length).toBeLessThanOrEqual(50);
        expect(checkMessage(msg)).toEqual([]);
      }
    }
  });

  it('keeps the paging buttons even when given far too many rows', () => {
    const msg = buildJobListMessage(ctx, { jobs: jobs(80), total: 1000, query: { page: 2 }, pageSize: 80 });
    expect(checkMessage(msg)).toEqual([]);
    expect(pagingButtons(msg)).toHaveLength(2);
  });
});
