import { describe, expect, it } from 'vitest';
import type { JobDetails } from '../../src/domain/job.js';
import type { WatchRecord } from '../../src/domain/watch.js';
import { buildHomeView, HOME_MAX_BLOCKS, type HomeJob } from '../../src/views/home-view.js';
import { ACTION, HOME_BLOCK } from '../../src/views/ids.js';
import { buildJobCard } from '../../src/views/index.js';
import { expectValidHomeView, visibleText } from '../helpers/block-kit.js';
import { makeContext, makeDetails, NOW } from './fixtures.js';

const CTX = makeContext();

const id = (n: number) => `${String(n).padStart(8, '0')}-0000-4000-8000-000000000000`;
const job = (n: number, over: Partial<JobDetails> = {}): HomeJob => ({
  job: makeDetails({ id: id(n), created_at: NOW - n, ...over }),
});
const watch = (n: number, over: Partial<WatchRecord> = {}): WatchRecord => ({
  jobId: id(n),
  channel: `C0CHAN${n}`,
  userId: 'U1',
  createdAt: NOW - n,
  state: 'active',
  ...over,
});

type Block = { block_id?: string; accessory?: { action_id?: string; value?: string }; elements?: unknown[] };
const blocksOf = (v: { blocks: unknown[] }) => v.blocks as Block[];
const buttons = (v: { blocks: unknown[] }, actionId: string) =>
  blocksOf(v)
    .flatMap((b) => [b.accessory, ...((b.elements ?? []) as Block['accessory'][])])
    .filter((e) => e?.action_id === actionId)
    .map((e) => e?.value);

describe('the App Home view', () => {
  it('shows the jobs with status and progress, the awaiting ones with Start, the watches and Create job', () => {
    const running = job(1, {
      status: 'RUNNING',
      hyperparameters: { training_steps: 100 },
      checkpoints: [{ step_number: 40, metrics: {}, created_at: NOW }],
    });
    const validated = job(2, { status: 'VALIDATED', auto_start: false });
    const view = buildHomeView(CTX, {
      jobs: [running, validated],
      jobsTotal: 2,
      watches: [
        watch(4, { state: 'finished', reason: 'Finished: SUCCESS.' }),
        watch(1),
        watch(3, { state: 'paused' }),
      ],
    });
    expectValidHomeView(view);
    expect(view.type).toBe('home');
    const text = visibleText(view.blocks);
    expect(text).toContain('Your fine-tuning jobs');
    expect(text).toContain('▓▓▓▓░░░░░░ 40 % · step 40 of 100');
    expect(text).toContain('Awaiting your start');
    expect(text).toMatch(/👀 watching `00000001` in <#C0CHAN1> · since/);
    expect(text).toMatch(/⏸️ paused `00000003` in <#C0CHAN3>/);
    // Live watches first, the ended one last with why it ended.
    const watchesPart = text.slice(text.indexOf('Your watches'));
    expect(watchesPart.indexOf('00000001')).toBeLessThan(watchesPart.indexOf('🏁 finished `00000004`'));
    expect(text).toContain('🏁 finished `00000004` in <#C0CHAN4>');
    expect(text).toContain('Finished: SUCCESS.');
    expect(buttons(view, ACTION.openCreate)).toHaveLength(1);
    // Start only on the job that waits for its start; Details on every job row.
    expect(buttons(view, ACTION.jobStart)).toEqual([id(2)]);
    expect(buttons(view, ACTION.jobDetails)).toEqual([id(1), id(2)]);
  });

  it('a job whose start waits for an approver offers no Start: its row says who asked and until when', () => {
    const view = buildHomeView(CTX, {
      jobs: [
        job(1, { status: 'VALIDATED', auto_start: false }),
        job(2, { status: 'VALIDATED', auto_start: false }),
      ],
      jobsTotal: 2,
      watches: [],
      approvals: {
        [id(1)]: {
          id: 'a1',
          jobId: id(1),
          requester: 'U0REQ',
          channel: 'C0CHAN1',
          cost: 13.11,
          currency: 'USD',
          requestedAt: NOW * 1000,
          expiresAt: NOW * 1000 + 3_600_000,
          state: 'pending',
        },
      },
    });
    expectValidHomeView(view);
    // The other job, with no request, keeps its Start.
    expect(buttons(view, ACTION.jobStart)).toEqual([id(2)]);
    const text = visibleText(view.blocks);
    expect(text).toContain('Awaiting approval');
    expect(text).toContain('asked by <@U0REQ>');
    expect(text).toContain('13.11 USD');
  });

  it('says what to do when there are no jobs and no watches, and has no awaiting section', () => {
    const view = buildHomeView(CTX, { jobs: [], jobsTotal: 0, watches: [] });
    expectValidHomeView(view);
    const text = visibleText(view.blocks);
    expect(text).toContain('You have not created a job through the bot yet');
    expect(text).toContain('You have not set up a watch');
    expect(text).not.toContain('Awaiting your start');
  });

  it('puts the answer to a click on top, without a second sandbox line', () => {
    const ctx = makeContext({ sandbox: true });
    const card = buildJobCard(ctx, makeDetails({ id: id(7) }));
    const view = buildHomeView(ctx, { jobs: [job(7)], jobsTotal: 1, watches: [], notice: card });
    expectValidHomeView(view);
    const ids = blocksOf(view).map((b) => b.block_id);
    expect(ids.slice(0, 4)).toEqual([
      HOME_BLOCK.header,
      HOME_BLOCK.updated,
      HOME_BLOCK.actions,
      card.blocks[0]?.block_id,
    ]);
    const notes = blocksOf(view).filter((b) => /sandbox_note/.test(b.block_id ?? ''));
    expect(notes.map((b) => b.block_id)).toEqual([HOME_BLOCK.sandboxNote]);
  });

  it('a job the provider could not give is shown by its id', () => {
    const view = buildHomeView(CTX, {
      jobs: [{ jobId: id(9), unavailable: true }],
      jobsTotal: 1,
      watches: [],
    });
    expectValidHomeView(view);
    expect(visibleText(view.blocks)).toContain('`00000009` could not be loaded just now');
  });

  it('stays within 100 blocks with a big answer on top, saying how many jobs and watches it leaves out', () => {
    const jobs = Array.from({ length: 30 }, (_, i) => job(i + 1, { status: 'VALIDATED', auto_start: false }));
    const watches = Array.from({ length: 40 }, (_, i) => watch(i + 1));
    const notice = {
      text: 'big',
      blocks: Array.from({ length: 50 }, (_, i) => ({ type: 'divider' as const, block_id: `n${i}` })),
    };
    const view = buildHomeView(CTX, { jobs, jobsTotal: 120, watches, notice });
    expectValidHomeView(view);
    expect(view.blocks.length).toBeLessThanOrEqual(HOME_MAX_BLOCKS);
    const text = visibleText(view.blocks);
    const shownAwaiting = buttons(view, ACTION.jobStart).length;
    const shownJobs = buttons(view, ACTION.jobDetails).length;
    // Awaiting rows come first (they need the user); the job rows take what is left.
    expect(shownAwaiting).toBe(30);
    expect(shownJobs).toBeLessThan(30);
    expect(text).toContain(`… and ${120 - shownJobs} more. \`/finetune list mine\``);
    expect(text).toContain('… and 25 more. `/finetune watching`');
  });

  it('with room to spare shows all 20 jobs and counts the rest', () => {
    const jobs = Array.from({ length: 20 }, (_, i) => job(i + 1));
    const view = buildHomeView(CTX, { jobs, jobsTotal: 23, watches: [] });
    expectValidHomeView(view);
    expect(buttons(view, ACTION.jobDetails)).toHaveLength(20);
    expect(visibleText(view.blocks)).toContain('… and 3 more.');
  });
});
