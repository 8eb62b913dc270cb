import type { Checkpoint, JobDetails } from '../domain/job.js';
import type { ActiveWarning, WarningKind } from '../domain/warning.js';
import { code, escapeMrkdwn, shortId } from './escape.js';
import { dateToken, formatCost, formatDuration, formatMetric } from './format.js';
import { WARNING_BLOCK } from './ids.js';
import { section } from './kit.js';
import { finishMessage } from './message.js';
import { progressOf } from './progress.js';
import { statusLabel, statusWord } from './status.js';
import type { SlackMessage, ViewContext } from './types.js';

const validOf = (c: Checkpoint) => formatMetric(c.metrics.valid_loss as number);

/** The sentence of a warning, mrkdwn with every API value escaped. */
export function warningSentence(ctx: ViewContext, job: JobDetails, w: ActiveWarning): string {
  const waited = (sinceMs: number) => formatDuration(Math.max(0, ctx.now - sinceMs / 1000));
  switch (w.kind) {
    case 'queued': {
      const estimate = w.estimatedStart
        ? ` ${escapeMrkdwn(ctx.backendLabel)} estimated it would start ${dateToken(w.estimatedStart)}.`
        : '';
      return `⚠️ *Still waiting:* job ${code(shortId(job.id))} has been ${escapeMrkdwn(statusWord(w.status))} for ${waited(w.sinceMs)}.${estimate}`;
    }
    case 'stalled': {
      const p = progressOf(job);
      const at = p ? ` (at step ${p.step}/${p.total})` : '';
      return `⚠️ *Stalled?* No new step or checkpoint for ${waited(w.sinceMs)} while training${at}.`;
    }
    case 'overfitting':
      return (
        `⚠️ *Likely overfitting:* validation loss rose over the last three checkpoints ` +
        `(${w.last.map(validOf).join(' → ')}) while training loss fell. ` +
        `Lowest validation loss ${validOf(w.best)} at step ${w.best.step_number}.`
      );
    case 'cost': {
      const cost = escapeMrkdwn(formatCost(w.cost, w.currency ?? w.threshold.currency));
      const limit = escapeMrkdwn(formatCost(w.threshold.amount, w.threshold.currency));
      return `⚠️ *Cost:* ${escapeMrkdwn(ctx.backendLabel)} reports ${cost} for this job, above the ${limit} threshold.`;
    }
  }
}

/** A warning reply in the card's thread. */
export function buildWarningReply(ctx: ViewContext, job: JobDetails, w: ActiveWarning): SlackMessage {
  return finishMessage(ctx, `Job ${shortId(job.id)}: warning (${w.kind})`, [
    section(WARNING_BLOCK.raised, warningSentence(ctx, job, w)),
  ]);
}

/** What the clear reply says, per kind: the job moved again, in the terms of the warning. */
export function clearedSentence(job: JobDetails, kind: WarningKind): string {
  const p = progressOf(job);
  const step = p ? ` (step ${p.step}/${p.total})` : '';
  switch (kind) {
    case 'queued':
      return `✅ *Moving again:* the job is now ${statusLabel(job.status)}.`;
    case 'stalled':
      return `✅ *Moving again:* training made progress${step}.`;
    case 'overfitting':
      return `✅ *Validation loss fell again*${step}.`;
    case 'cost':
      return `✅ *Cost:* the reported cost is back under the threshold.`;
  }
}

/** The reply that clears a warning, posted once when its condition ends. */
export function buildWarningCleared(ctx: ViewContext, job: JobDetails, kind: WarningKind): SlackMessage {
  return finishMessage(ctx, `Job ${shortId(job.id)}: ${kind} warning cleared`, [
    section(WARNING_BLOCK.cleared, clearedSentence(job, kind)),
  ]);
}
