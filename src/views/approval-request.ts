import type { KnownBlock } from '@slack/types';
import type { ApprovalRecord } from '../domain/approval.js';
import { escapeMrkdwn, shortId } from './escape.js';
import { dateToken, formatCost } from './format.js';
import { ACTION, BLOCK } from './ids.js';
import { actions, button, confirmDialog, context, section } from './kit.js';
import { finishMessage } from './message.js';
import type { SlackMessage, ViewContext } from './types.js';

const seconds = (ms: number) => Math.floor(ms / 1000);

/** "about 80.00 USD", or "no cost estimate": what the request, the confirm and the reply repeat. */
export function estimateText(r: Pick<ApprovalRecord, 'cost' | 'currency'>): string {
  return r.cost == null ? 'no cost estimate' : `about ${formatCost(r.cost, r.currency)}`;
}

/** `<@U…>` for users, `<!subteam^S…>` for user groups: how Slack mentions each. */
export function mentionOf(id: string): string {
  return id.startsWith('S') ? `<!subteam^${id}>` : `<@${id}>`;
}

export const APPROVE_CONFIRM = {
  title: 'Approve this start?',
  confirm: 'Approve and start',
  deny: 'Not yet',
};

/** The Approve confirm: the cost again, so nobody approves blind. */
export function approveConfirmText(r: ApprovalRecord): string {
  return `Job ${shortId(r.jobId)} starts training at once, at ${estimateText(r)}, paid by the team.`;
}

function requestLine(r: ApprovalRecord, why: string): string {
  return `:hourglass_flowing_sand: <@${r.requester}> wants to start job \`${shortId(r.jobId)}\` (${estimateText(r)}), and ${why}.`;
}

/**
 * The request in the card's thread: the approvers mentioned (this message is posted once), the
 * estimate, the expiry, and the two buttons.
 */
export function buildApprovalRequest(
  ctx: ViewContext,
  r: ApprovalRecord,
  o: { approvers: string[]; why: string },
): SlackMessage {
  const blocks: KnownBlock[] = [
    section(
      BLOCK.approvalRequest,
      `${requestLine(r, o.why)}\n${o.approvers.map(mentionOf).join(' ')}: please approve or decline.`,
    ),
    context(BLOCK.approvalOutcome, [
      `This request expires ${dateToken(seconds(r.expiresAt))}; after that nothing starts and it must be asked again.`,
    ]),
    actions(BLOCK.approvalActions, [
      button({
        actionId: ACTION.approvalApprove,
        text: 'Approve',
        value: r.id,
        style: 'primary',
        confirm: confirmDialog({ ...APPROVE_CONFIRM, text: approveConfirmText(r), style: 'primary' }),
      }),
      button({ actionId: ACTION.approvalDecline, text: 'Decline', value: r.id, style: 'danger' }),
    ]),
  ];
  return finishMessage(ctx, `Approval needed: job ${shortId(r.jobId)} (${estimateText(r)})`, blocks, {
    keepTail: 1,
  });
}

/** How a decided request reads: who, what, when, and the reason when one was given. */
export function decisionSentence(r: ApprovalRecord): string {
  const when = r.decidedAt === undefined ? '' : ` ${dateToken(seconds(r.decidedAt))}`;
  const job = `job \`${shortId(r.jobId)}\``;
  switch (r.state) {
    case 'approved':
      return `:white_check_mark: Approved by <@${r.decidedBy}>${when}: ${job} is starting (${estimateText(r)}).`;
    case 'declined':
      return `:no_entry: Declined by <@${r.decidedBy}>${when}: ${job} was not started.${r.note ? ` Reason: ${escapeMrkdwn(r.note)}` : ''}`;
    case 'expired':
      return `:hourglass: The request to start ${job} expired ${dateToken(seconds(r.expiresAt))} without a decision; nothing was started. Press *Start training* again to ask again.`;
    case 'failed':
      return `:warning: Approved by <@${r.decidedBy}>${when}, but ${job} could not be started: ${escapeMrkdwn(r.note ?? 'the provider refused')}.`;
    case 'pending':
      return `:hourglass_flowing_sand: Job \`${shortId(r.jobId)}\` is waiting for approval (asked by <@${r.requester}>, expires ${dateToken(seconds(r.expiresAt))}).`;
  }
}

/** The request message once decided: the same first line, the outcome instead of the buttons. */
export function buildApprovalDecided(ctx: ViewContext, r: ApprovalRecord): SlackMessage {
  return finishMessage(ctx, decisionSentence(r), [
    section(BLOCK.approvalRequest, requestLine(r, 'asked for approval')),
    context(BLOCK.approvalOutcome, [decisionSentence(r)]),
  ]);
}
