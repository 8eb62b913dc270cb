import { RETIRED_SENTENCE } from './backend-error.js';
import { code, shortId } from './escape.js';
import { BLOCK, WATCH_BLOCK } from './ids.js';
import { cardFooter } from './job-card.js';
import { context, section } from './kit.js';
import { finishMessage } from './message.js';
import type { SlackMessage, ViewContext } from './types.js';

/** The Slack errors that will not go away by retrying, in a sentence each. */
export const PERMANENT_SLACK_ERRORS: Record<string, string> = {
  channel_not_found: 'the channel no longer exists or the app cannot see it',
  is_archived: 'the channel was archived',
  not_in_channel: 'the app is not a member of the channel (invite it with `/invite`)',
  account_inactive: "the app's Slack account was deactivated",
  token_revoked: "the app's Slack token was revoked",
  no_permission: 'the app has no permission to post there',
};

export function disabledReason(slackError: string): string {
  return `Disabled: ${PERMANENT_SLACK_ERRORS[slackError] ?? slackError}.`;
}

const notice = (ctx: ViewContext, sentence: string): SlackMessage =>
  finishMessage(ctx, sentence, [section(WATCH_BLOCK.notice, sentence)]);

/** DM to whoever set up a watch that had to stop. */
export function buildWatchDisabledDm(
  ctx: ViewContext,
  jobId: string,
  channel: string,
  reason: string,
): SlackMessage {
  return notice(
    ctx,
    `I stopped watching job ${code(shortId(jobId))} in <#${channel}>. ${reason} Fix it and run \`/finetune watch ${jobId}\` again.`,
  );
}

export function buildJobGoneReply(ctx: ViewContext, jobId: string): SlackMessage {
  return notice(
    ctx,
    `Job ${code(shortId(jobId))} no longer exists on ${ctx.backendLabel}, so this watch has ended.`,
  );
}

/**
 * What a watched card becomes once the provider says its job does not exist: no Start, Cancel or
 * Refresh (each would only fail), and no figures that can no longer be checked.
 */
export function buildJobGoneCard(ctx: ViewContext, jobId: string): SlackMessage {
  const sentence = `:wastebasket: Fine-tuning job ${code(shortId(jobId))} no longer exists on ${ctx.backendLabel}. This card is no longer updated.`;
  return finishMessage(ctx, `Fine-tuning job ${shortId(jobId)} no longer exists on ${ctx.backendLabel}`, [
    section(WATCH_BLOCK.goneCard, sentence),
    context(BLOCK.jobFooter, [cardFooter(ctx)]),
  ]);
}

/** Posted once per channel when the fine-tuning API answers 410; polling pauses until it works again. */
export function buildRetiredNotice(ctx: ViewContext): SlackMessage {
  return notice(ctx, `Watching is paused. ${RETIRED_SENTENCE}`);
}

export function buildAnnouncement(ctx: ViewContext, text: string): SlackMessage {
  return notice(ctx, text);
}
