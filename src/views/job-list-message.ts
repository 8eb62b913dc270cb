import type { Button, KnownBlock } from '@slack/types';
import type { Job } from '../domain/job.js';
import { code, escapeMrkdwn } from './escape.js';
import { ACTION, BLOCK } from './ids.js';
import { buildJobRow } from './job-row.js';
import { actions, button, context, header, section } from './kit.js';
import { describeFilters } from './list-filters.js';
import { encodeListQuery, type ListQuery } from './list-query.js';
import { finishMessage } from './message.js';
import { BUTTON, LIST_TITLE, listNoJobs, listNoMatch } from './strings.js';
import type { SlackMessage, ViewContext } from './types.js';

export interface JobListInput {
  /** Newest first (`use-cases/list-page.ts` sorts each page, whatever order the backend uses). */
  jobs: Job[];
  /** Matching jobs over all pages; null when the provider cannot count them (a cursor-paged list). */
  total: number | null;
  /** Another page follows (what counts when `total` is unknown). */
  hasMore?: boolean;
  query: ListQuery;
  pageSize: number;
}

/** A message holds 50 blocks; rows beyond this would push the paging buttons out. */
export const MAX_ROWS = 40;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function pagingButtons(query: ListQuery, pages: number): Button[] {
  const buttons: Button[] = [];
  // Past the end, "Previous" goes to the last page rather than to another empty one.
  const prev = Math.min(query.page - 1, pages);
  if (prev >= 1) {
    buttons.push(
      button({
        actionId: ACTION.listPrev,
        text: BUTTON.previous,
        value: encodeListQuery({ ...query, page: prev }),
      }),
    );
  }
  if (query.page < pages) {
    const value = encodeListQuery({ ...query, page: query.page + 1 });
    buttons.push(button({ actionId: ACTION.listNext, text: BUTTON.next, value }));
  }
  return buttons;
}

function emptySentence(
  ctx: ViewContext,
  filters: string[],
  total: number | null,
  page: number,
  pages: number,
): string {
  if (total === null && page > 1) return `Page ${page} is past the end of the list.`;
  if (total !== null && total > 0)
    return `Page ${page} is past the end of the list: there ${total === 1 ? 'is' : 'are'} ${plural(pages, 'page')}.`;
  if (filters.length === 0) return listNoJobs(ctx.backendLabel);
  return listNoMatch(ctx.backendLabel, filters.map(code).join(' '));
}

export function buildJobListMessage(ctx: ViewContext, input: JobListInput): SlackMessage {
  const { jobs, total, query } = input;
  const filters = describeFilters(query);
  // Without a total, the pages known are the ones up to this one, plus the next when there is one.
  const pages =
    total === null
      ? Math.max(1, query.page - (jobs.length === 0 ? 1 : 0) + (input.hasMore ? 1 : 0))
      : Math.max(1, Math.ceil(total / Math.max(1, input.pageSize)));
  const title = filters.length > 0 ? `${LIST_TITLE} (${filters.join(', ')})` : LIST_TITLE;
  const blocks: KnownBlock[] = [header(BLOCK.listHeader, title)];
  const pageLine =
    total === null ? `Page ${query.page}` : `Page ${query.page} of ${pages} · ${plural(total, 'job')}`;
  // The header is plain text; `text` is mrkdwn, so the filters (user text) are escaped there.
  let text = `${escapeMrkdwn(title)}: ${pageLine}`;
  if (jobs.length === 0) {
    text = emptySentence(ctx, filters, total, query.page, pages);
    blocks.push(section(BLOCK.listEmpty, text));
  } else {
    jobs.slice(0, MAX_ROWS).forEach((job, i) => {
      blocks.push(buildJobRow(job, i));
    });
    blocks.push(context(BLOCK.listPage, [pageLine]));
  }
  const buttons = pagingButtons(query, pages);
  if (buttons.length > 0) blocks.push(actions(BLOCK.listActions, buttons));
  return finishMessage(ctx, text, blocks, { keepTail: buttons.length > 0 ? 1 : 0 });
}
