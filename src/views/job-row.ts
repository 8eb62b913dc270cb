import type { SectionBlock } from '@slack/types';
import type { Job } from '../domain/job.js';
import { code, escapeMrkdwn, shortId } from './escape.js';
import { isoSeconds } from './format.js';
import { ACTION, jobRowBlockId } from './ids.js';
import { button, section } from './kit.js';
import { statusEmoji, statusWord } from './status.js';
import { BUTTON } from './strings.js';
import { truncate } from './truncate.js';

/** Model names and suffixes are short in practice; a cap keeps 20 rows well inside the text budget. */
const MAX_NAME = 80;

/**
 * The job's age as Slack renders it for each reader ("3 hours ago"), with the UTC time as the
 * fallback for clients and notifications that cannot render date tokens.
 */
function ageToken(unix: number): string {
  if (!Number.isFinite(unix)) return 'at an unknown time';
  const t = Math.floor(unix);
  return `<!date^${t}^{ago}|${isoSeconds(t)}>`;
}

/** One line of a job for lists: emoji, short id, model, suffix, status and age. */
export function jobRowText(job: Job): string {
  const suffix = job.suffix ? ` · suffix ${code(truncate(job.suffix, MAX_NAME))}` : '';
  const model = escapeMrkdwn(truncate(job.model, MAX_NAME));
  const status = escapeMrkdwn(statusWord(job.status));
  return `${statusEmoji(job.status)} ${code(shortId(job.id))} *${model}*${suffix}\n${status} · created ${ageToken(job.created_at)}`;
}

/** A list row with its "Details" button, which opens the job's card. */
export function buildJobRow(job: Job, index: number): SectionBlock {
  const details = button({ actionId: ACTION.jobDetails, text: BUTTON.details, value: job.id });
  return section(jobRowBlockId(index), jobRowText(job), details);
}
