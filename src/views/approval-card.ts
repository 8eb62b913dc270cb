import type { ActionsBlock, KnownBlock } from '@slack/types';
import type { ApprovalRecord } from '../domain/approval.js';
import type { JobDetails } from '../domain/job.js';
import { estimateText } from './approval-request.js';
import { dateToken } from './format.js';
import { ACTION, BLOCK } from './ids.js';
import { buildJobCard } from './job-card.js';
import { section } from './kit.js';
import type { SlackMessage, ViewContext } from './types.js';

/** The card's *Awaiting approval* line: the estimate, who asked, until when. */
export function awaitingApprovalText(r: ApprovalRecord): string {
  return `:hourglass_flowing_sand: *Awaiting approval* · ${estimateText(r)} · asked by <@${r.requester}> · expires ${dateToken(Math.floor(r.expiresAt / 1000))}. An approver decides in the thread.`;
}

/**
 * The job card while its start waits for an approver: the line above the footer, and no *Start
 * training* button (the start is asked for already; Approve is in the thread).
 */
export function buildAwaitingApprovalCard(
  ctx: ViewContext,
  job: JobDetails,
  r: ApprovalRecord,
): SlackMessage {
  return withAwaitingApproval(buildJobCard(ctx, job, { shared: true }), r);
}

/** A built card with the awaiting line added and its Start button removed. */
export function withAwaitingApproval(card: SlackMessage, r: ApprovalRecord): SlackMessage {
  const blocks: KnownBlock[] = [];
  for (const b of card.blocks) {
    if (b.block_id === BLOCK.jobFooter) blocks.push(section(BLOCK.approvalAwaiting, awaitingApprovalText(r)));
    if (b.type === 'actions' && b.block_id === BLOCK.jobActions) {
      const row = b as ActionsBlock;
      blocks.push({
        ...row,
        elements: row.elements.filter((e) => !('action_id' in e) || e.action_id !== ACTION.jobStart),
      });
    } else blocks.push(b);
  }
  return { text: `${card.text} · awaiting approval`, blocks };
}
