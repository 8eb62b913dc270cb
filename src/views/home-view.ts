import type { HomeView, KnownBlock } from '@slack/types';
import type { ApprovalRecord } from '../domain/approval.js';
import type { JobDetails } from '../domain/job.js';
import { canStartJob } from '../domain/status.js';
import type { WatchRecord } from '../domain/watch.js';
import { awaitingApprovalText } from './approval-card.js';
import { code, escapeMrkdwn, shortId } from './escape.js';
import { dateToken } from './format.js';
import { ACTION, BLOCK, HOME_BLOCK, homeRowBlockId } from './ids.js';
import { startConfirmText } from './job-card-actions.js';
import { jobRowText } from './job-row.js';
import { actions, button, confirmDialog, context, header, section } from './kit.js';
import { progressBar, progressOf } from './progress.js';
import { BUTTON, HOME, START_CONFIRM, sandboxNote } from './strings.js';
import { truncate } from './truncate.js';
import type { SlackMessage, ViewContext } from './types.js';
import { ORDER, STATE_LABEL } from './watch-list.js';

/** Slack's limit for a Home tab. */
export const HOME_MAX_BLOCKS = 100;
/** Jobs shown with their details (each costs a provider call when the tab is built). */
export const HOME_MAX_JOBS = 20;
/** Watch lines in the one watches section (about 150 characters each, well inside 3,000). */
export const HOME_MAX_WATCHES = 15;

/** One of the user's jobs: its details, or only its id when the provider could not be asked now. */
export type HomeJob = { job: JobDetails } | { jobId: string; unavailable: true };

export interface HomeData {
  /** The newest of the user's jobs created through the bot (at most `HOME_MAX_JOBS`), newest first. */
  jobs: HomeJob[];
  /** How many jobs the user created through the bot in all. */
  jobsTotal: number;
  /** The watches the user set up, those ended in the last 30 days included, in any order. */
  watches: WatchRecord[];
  /** The answer to a click on the tab (Home clicks have no response_url), shown on top. */
  notice?: SlackMessage;
  /** Open approval requests of the jobs shown, by job id: those rows say so instead of offering Start. */
  approvals?: Readonly<Record<string, ApprovalRecord>>;
}

const isDetailed = (j: HomeJob): j is { job: JobDetails } => 'job' in j;

function jobRow(job: JobDetails, index: number): KnownBlock {
  const p = progressOf(job);
  const progress = p ? `\n${progressBar(p.percent)} · step ${p.step} of ${p.total}` : '';
  const details = button({ actionId: ACTION.jobDetails, text: BUTTON.details, value: job.id });
  return section(homeRowBlockId('job', index), `${jobRowText(job)}${progress}`, details);
}

function unavailableRow(jobId: string, index: number): KnownBlock {
  return section(homeRowBlockId('job', index), `${code(shortId(jobId))} ${HOME.unavailable}`);
}

function awaitingRow(job: JobDetails, index: number, approval?: ApprovalRecord): KnownBlock {
  // The start is asked for already: the row says who asked and until when, as the card does.
  if (approval)
    return section(
      homeRowBlockId('awaiting', index),
      `${jobRowText(job)}\n${awaitingApprovalText(approval)}`,
    );
  const confirm = confirmDialog({
    title: START_CONFIRM.title,
    text: startConfirmText(job),
    confirm: START_CONFIRM.confirm,
    deny: START_CONFIRM.deny,
    style: 'primary',
  });
  const start = button({
    actionId: ACTION.jobStart,
    text: BUTTON.start,
    value: job.id,
    style: 'primary',
    confirm,
  });
  return section(homeRowBlockId('awaiting', index), jobRowText(job), start);
}

/** Reasons are one sentence; the cap keeps 15 lines well inside a section's 3,000 characters. */
const MAX_REASON = 60;

function watchLine(w: WatchRecord): string {
  const reason = w.reason ? ` · ${escapeMrkdwn(truncate(w.reason, MAX_REASON))}` : '';
  return `${STATE_LABEL[w.state]} ${code(shortId(w.jobId))} in <#${w.channel}> · since ${dateToken(w.createdAt)}${reason}`;
}

const more = (blockId: string, n: number, hint = '') =>
  context(blockId, [`${HOME.andMore(n)}${hint ? ` ${hint}` : ''}`]);

/**
 * The user's App Home tab: the answer to their last click (when there is one), a *Create job*
 * button, the jobs awaiting their start, their jobs newest first with status and progress, and the
 * watches they set up (live ones first). Always within Slack's 100 blocks: rows that do not fit become "and N more".
 */
export function buildHomeView(ctx: ViewContext, data: HomeData): HomeView {
  const top: KnownBlock[] = [
    header(HOME_BLOCK.header, HOME.title),
    context(HOME_BLOCK.updated, [HOME.updated(ctx.backendLabel, dateToken(ctx.now))]),
    actions(HOME_BLOCK.actions, [button({ actionId: ACTION.openCreate, text: BUTTON.createJob, value: '' })]),
  ];
  // Home has its own sandbox line; the answer's would say it twice.
  const notice = (data.notice?.blocks ?? []).filter((b) => b.block_id !== BLOCK.sandboxNote);
  if (notice.length > 0) top.push(...notice, { type: 'divider', block_id: HOME_BLOCK.noticeEnd });
  const tail: KnownBlock[] = ctx.sandbox
    ? [context(HOME_BLOCK.sandboxNote, [sandboxNote(ctx.provider)])]
    : [];

  const detailed = data.jobs.filter(isDetailed).map((j) => j.job);
  const awaiting = detailed.filter(canStartJob);
  const watchLines = [...data.watches]
    .sort((a, b) => ORDER.indexOf(a.state) - ORDER.indexOf(b.state) || b.createdAt - a.createdAt)
    .map(watchLine);
  const shownWatches = watchLines.slice(0, HOME_MAX_WATCHES);
  const watchBlocks: KnownBlock[] = [
    header(HOME_BLOCK.watchesTitle, HOME.watchesTitle),
    shownWatches.length > 0
      ? section(HOME_BLOCK.watches, shownWatches.join('\n'))
      : context(HOME_BLOCK.watchesEmpty, [HOME.noWatches]),
    ...(watchLines.length > shownWatches.length
      ? [more(HOME_BLOCK.watchesMore, watchLines.length - shownWatches.length, HOME.moreWatchesHint)]
      : []),
  ];

  // Rows take what the fixed blocks leave, awaiting first (they need the user), each list with room
  // kept for its "and N more" line.
  const fixed = top.length + tail.length + watchBlocks.length + 2 + (awaiting.length > 0 ? 1 : 0);
  let room = Math.max(0, HOME_MAX_BLOCKS - fixed);
  const take = (n: number) => {
    const keep = n <= room ? n : Math.max(0, room - 1);
    room -= keep === n ? n : keep + 1;
    return keep;
  };
  const awaitingShown = take(awaiting.length);
  const jobsShown = take(data.jobs.length);

  const awaitingBlocks: KnownBlock[] =
    awaiting.length === 0
      ? []
      : [
          header(HOME_BLOCK.awaitingTitle, HOME.awaitingTitle),
          ...awaiting.slice(0, awaitingShown).map((job, i) => awaitingRow(job, i, data.approvals?.[job.id])),
          ...(awaitingShown < awaiting.length
            ? [more(HOME_BLOCK.awaitingMore, awaiting.length - awaitingShown)]
            : []),
        ];
  const rows = data.jobs
    .slice(0, jobsShown)
    .map((j, i) => (isDetailed(j) ? jobRow(j.job, i) : unavailableRow(j.jobId, i)));
  const notShown = data.jobsTotal - jobsShown;
  const jobBlocks: KnownBlock[] = [
    header(HOME_BLOCK.jobsTitle, HOME.jobsTitle),
    ...(data.jobsTotal === 0 ? [context(HOME_BLOCK.jobsEmpty, [HOME.noJobs])] : rows),
    ...(notShown > 0 ? [more(HOME_BLOCK.jobsMore, notShown, HOME.moreJobsHint)] : []),
  ];

  const blocks = [...top, ...awaitingBlocks, ...jobBlocks, ...watchBlocks, ...tail].slice(0, HOME_MAX_BLOCKS);
  return { type: 'home', blocks };
}
