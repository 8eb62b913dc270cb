import type { KnownBlock } from '@slack/types';
import type { JobDetails } from '../domain/job.js';
import { escapeMrkdwn, shortId } from './escape.js';
import { dateToken } from './format.js';
import { BLOCK } from './ids.js';
import { buildCardActions } from './job-card-actions.js';
import { buildCardEvents } from './job-card-events.js';
import { buildCardMetadata } from './job-card-metadata.js';
import { buildCardSummary } from './job-card-summary.js';
import { buildCardTraining } from './job-card-training.js';
import { context } from './kit.js';
import { finishMessage } from './message.js';
import { progressOf } from './progress.js';
import { statusWord } from './status.js';
import { truncate } from './truncate.js';
import type { SlackMessage, ViewContext } from './types.js';

export interface JobCardOptions {
  /** Posted for the whole channel: no "Share" button on a card that is already shared. */
  shared?: boolean;
  /** Slack user ID of whoever shared or refreshed the card. */
  lastUpdatedBy?: string;
}

/** "Fine-tuning job 1a2b3c4d (open-mistral-7b): RUNNING 40 %": what a notification shows. */
export function jobCardFallback(job: JobDetails): string {
  const p = progressOf(job);
  const progress = p && job.status !== 'SUCCESS' ? ` ${p.percent} %` : '';
  return `Fine-tuning job ${shortId(job.id)} (${truncate(job.model, 80)}): ${statusWord(job.status)}${progress}`;
}

/** A Slack user ID becomes a mention; anything else is shown as plain text, never as markup. */
function byWhom(who: string | undefined): string {
  if (!who) return '';
  return /^[UW][A-Z0-9]+$/.test(who) ? ` by <@${who}>` : ` by ${escapeMrkdwn(truncate(who, 80))}`;
}

/** The card's footer line: when, by whom, and which provider the figures come from. */
export function cardFooter(ctx: ViewContext, opts: JobCardOptions = {}): string {
  const verb = opts.shared ? 'Shared' : 'Updated';
  return `${verb} ${dateToken(ctx.now)}${byWhom(opts.lastUpdatedBy)} · data from ${ctx.backendLabel}`;
}

export function buildJobCard(ctx: ViewContext, job: JobDetails, opts: JobCardOptions = {}): SlackMessage {
  const blocks: KnownBlock[] = [
    ...buildCardSummary(job),
    ...buildCardTraining(job),
    ...buildCardMetadata(job, ctx.wandbEntity),
    ...buildCardEvents(job.events),
    context(BLOCK.jobFooter, [cardFooter(ctx, opts)]),
    buildCardActions(job, opts.shared ?? false),
  ];
  return finishMessage(ctx, jobCardFallback(job), blocks, { keepTail: 1 });
}
