import type { KnownBlock } from '@slack/types';
import type { JobDetails } from '../domain/job.js';
import { code, shortId } from './escape.js';
import { ACTION, BLOCK } from './ids.js';
import { jobCardFallback } from './job-card.js';
import { wandbLine } from './job-card-metadata.js';
import { progressText } from './job-card-training.js';
import { actions, button, context, section } from './kit.js';
import { finishMessage } from './message.js';
import { statusLabel } from './status.js';
import { BUTTON } from './strings.js';
import type { SlackMessage, ViewContext } from './types.js';

/**
 * The compact card a pasted console link of a job unfurls into: status, progress, model, W&B link
 * and *Watch here*. The full card (every field, Refresh, Cancel…) stays `/finetune status`.
 */
export function buildJobUnfurl(ctx: ViewContext, job: JobDetails): SlackMessage {
  const lines = [
    `${statusLabel(job.status)} · *Fine-tuning job* ${code(shortId(job.id))} · base model ${code(job.model)}`,
  ];
  if (job.fine_tuned_model) lines.push(`🎉 *Fine-tuned model:* ${code(job.fine_tuned_model)}`);
  const blocks: KnownBlock[] = [section(BLOCK.unfurlSummary, lines.join('\n'))];
  const progress = progressText(job);
  if (progress) blocks.push(section(BLOCK.jobProgress, progress));
  const wandb = job.integrations.filter((i) => i.type === 'wandb');
  if (wandb.length > 0) {
    blocks.push(section(BLOCK.jobWandb, wandb.map((i) => wandbLine(i, ctx.wandbEntity)).join('\n')));
  }
  blocks.push(
    context(BLOCK.unfurlFooter, [`Job id ${code(job.id)} · data from ${ctx.backendLabel}`]),
    actions(BLOCK.jobActions, [button({ actionId: ACTION.jobWatch, text: BUTTON.watch, value: job.id })]),
  );
  return finishMessage(ctx, jobCardFallback(job), blocks, { keepTail: 1 });
}
