import type { KnownBlock } from '@slack/types';
import type { AuditEntry } from '../store/audit-log.js';
import { escapeMrkdwn, shortId } from './escape.js';
import { dateToken, formatCost } from './format.js';
import { BLOCK } from './ids.js';
import { context, section } from './kit.js';
import { finishMessage } from './message.js';
import { truncate } from './truncate.js';
import type { SlackMessage, ViewContext } from './types.js';

/** The words an entry's action is shown with. */
const VERB: Record<AuditEntry['action'], string> = {
  create: 'created',
  start: 'started',
  cancel: 'cancelled',
  approval_requested: 'asked for approval of',
  approved: 'approved the start of',
  declined: 'declined the start of',
  expired: 'saw the approval request expire for',
  budget_set: 'set a budget',
  refused: 'was refused',
};

/** One line: when, who, what, which job, the estimate, where, and the detail (user text, escaped). */
export function auditLine(e: AuditEntry): string {
  const parts = [`${dateToken(Math.floor(e.at / 1000))} <@${e.user}> ${VERB[e.action]}`];
  if (e.jobId) parts.push(`job \`${shortId(e.jobId)}\``);
  if (e.cost != null) parts.push(`(${formatCost(e.cost, e.currency)})`);
  if (e.channel) parts.push(`in <#${e.channel}>`);
  const line = parts.join(' ');
  return e.detail ? `${line}: ${escapeMrkdwn(truncate(e.detail, 200))}` : line;
}

/** `/finetune audit`: the latest entries, newest first, and where the full export is. */
export function buildAuditList(
  ctx: ViewContext,
  entries: AuditEntry[],
  o: { channel?: string; days: number; limit: number },
): SlackMessage {
  const where = o.channel ? ` in <#${o.channel}>` : '';
  const title = `*Audit log${where}, last ${o.days} day${o.days === 1 ? '' : 's'}*`;
  const blocks: KnownBlock[] = [];
  if (entries.length === 0) blocks.push(section(BLOCK.auditList, `${title}\nNothing was recorded.`));
  else {
    // Several sections: one section holds 3,000 characters, the entries may not.
    const lines = entries.map(auditLine);
    for (let i = 0; i < lines.length; i += 10) {
      const chunk = lines.slice(i, i + 10).join('\n');
      blocks.push(section(`${BLOCK.auditList}_${i / 10}`, i === 0 ? `${title}\n${chunk}` : chunk));
    }
  }
  const more = entries.length >= o.limit ? `The latest ${o.limit} are shown. ` : '';
  blocks.push(
    context(`${BLOCK.auditList}_export`, [
      `${more}The whole log: \`npm run audit -- --since YYYY-MM-DD --format csv\` where the app runs.`,
    ]),
  );
  return finishMessage(
    ctx,
    `Audit log${o.channel ? ` in ${o.channel}` : ''}: ${entries.length} entries`,
    blocks,
  );
}
