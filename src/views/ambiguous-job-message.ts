import type { KnownBlock } from '@slack/types';
import type { Job } from '../domain/job.js';
import { code } from './escape.js';
import { BLOCK } from './ids.js';
import { buildJobRow } from './job-row.js';
import { context, section } from './kit.js';
import { finishMessage } from './message.js';
import type { SlackMessage, ViewContext } from './types.js';

/** More rows would bury the hint to type a longer prefix. */
export const MAX_CANDIDATES = 10;

const MAX_REF_ECHO = 60;

export function buildAmbiguousJobMessage(ctx: ViewContext, ref: string, candidates: Job[]): SlackMessage {
  const n = candidates.length;
  const intro = `${code(ref.slice(0, MAX_REF_ECHO))} matches ${n} job${n === 1 ? '' : 's'}:`;
  const blocks: KnownBlock[] = [section(BLOCK.ambiguousIntro, intro)];
  candidates.slice(0, MAX_CANDIDATES).forEach((job, i) => {
    blocks.push(buildJobRow(job, i));
  });
  const more = n - MAX_CANDIDATES;
  const hint = 'Type more characters of the id, or click Details.';
  blocks.push(context(BLOCK.ambiguousMore, [more > 0 ? `… and ${more} more. ${hint}` : hint]));
  return finishMessage(ctx, `${intro.replace(/:$/, '.')} ${hint}`, blocks);
}
