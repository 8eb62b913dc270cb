import type { ActionsBlock, Button } from '@slack/types';
import type { JobDetails } from '../domain/job.js';
import { canStartJob, isTerminalStatus } from '../domain/status.js';
import { shortId } from './escape.js';
import { formatCount, formatDuration } from './format.js';
import { ACTION, BLOCK } from './ids.js';
import { costOf } from './job-card-metadata.js';
import { actions, button, confirmDialog } from './kit.js';
import { BUTTON, CANCEL_CONFIRM, START_CONFIRM } from './strings.js';

/** Training costs money: the confirm dialog repeats the provider's estimate so nobody starts it blind. */
export function startConfirmText(job: JobDetails): string {
  const cost = costOf(job.metadata);
  const seconds = job.metadata?.expected_duration_seconds;
  const duration = seconds != null ? formatDuration(seconds) : undefined;
  if (cost && duration) return `Training will cost about ${cost} and take about ${duration}.`;
  if (cost) return `Training will cost about ${cost}.`;
  if (duration) return `Training will take about ${duration}. ${START_CONFIRM.noEstimate}`;
  // A provider with no price route (the OpenAI shape): the tokens counted from the file are the estimate.
  const tokens = job.metadata?.train_tokens;
  if (tokens != null)
    return `Training will process about ${formatCount(tokens)} tokens. ${START_CONFIRM.noPrice}`;
  return START_CONFIRM.noEstimate;
}

export function cancelConfirmText(job: JobDetails): string {
  return `Job ${shortId(job.id)} stops now and cannot be resumed.`;
}

/** Start only makes sense for a validated job that waits for a human; Cancel for any live job. */
export const canStart = (job: JobDetails): boolean => canStartJob(job);

export function buildCardActions(job: JobDetails, shared: boolean): ActionsBlock {
  const value = job.id;
  const buttons: Button[] = [button({ actionId: ACTION.jobRefresh, text: BUTTON.refresh, value })];
  if (!shared) buttons.push(button({ actionId: ACTION.jobShare, text: BUTTON.share, value }));
  buttons.push(button({ actionId: ACTION.jobWatch, text: BUTTON.watch, value }));
  // What the watch of this card posts in its thread, while there is something left to post.
  if (shared && !isTerminalStatus(job.status))
    buttons.push(button({ actionId: ACTION.jobSettings, text: BUTTON.settings, value }));
  if (canStart(job)) {
    const confirm = confirmDialog({
      title: START_CONFIRM.title,
      text: startConfirmText(job),
      confirm: START_CONFIRM.confirm,
      deny: START_CONFIRM.deny,
      style: 'primary',
    });
    buttons.push(button({ actionId: ACTION.jobStart, text: BUTTON.start, value, style: 'primary', confirm }));
  }
  if (!isTerminalStatus(job.status)) {
    const confirm = confirmDialog({ ...CANCEL_CONFIRM, text: cancelConfirmText(job), style: 'danger' });
    buttons.push(
      button({ actionId: ACTION.jobCancel, text: BUTTON.cancel, value, style: 'danger', confirm }),
    );
  }
  return actions(BLOCK.jobActions, buttons);
}
