import { parseChannelRef } from '../use-cases/channel-ref.js';
import { viewContext } from '../use-cases/deps.js';
import { reply, replyNotice } from '../use-cases/reply.js';
import { buildAuditList } from '../views/audit-list.js';
import { code } from '../views/escape.js';
import type { CommandContext } from './context.js';

export const AUDIT_DEFAULT_DAYS = 7;
export const AUDIT_MAX_DAYS = 366;
export const AUDIT_LATEST = 30;

type AuditArgs = { ok: true; channel?: string; days: number } | { ok: false; sentence: string };

/** `[#channel] [days:N]`, in any order. */
export function parseAuditArgs(args: string[], current: string): AuditArgs {
  let channel: string | undefined;
  let days = AUDIT_DEFAULT_DAYS;
  for (const arg of args) {
    const d = /^days:(\d{1,4})$/i.exec(arg);
    if (d) {
      days = Number(d[1]);
      if (days < 1 || days > AUDIT_MAX_DAYS)
        return { ok: false, sentence: `\`days:\` must be between 1 and ${AUDIT_MAX_DAYS}.` };
      continue;
    }
    const ref = parseChannelRef(arg, current);
    if (ref.kind === 'problem')
      return {
        ok: false,
        sentence: `${code(arg)}: ${ref.sentence} Usage: \`/finetune audit [#channel] [days:N]\``,
      };
    channel = ref.id;
  }
  return { ok: true, channel, days };
}

/** `/finetune audit [#channel] [days:N]` (operators): the latest entries of the audit log. */
export async function handleAudit({ args, command, respond, deps }: CommandContext): Promise<void> {
  const parsed = parseAuditArgs(args, command.channel_id);
  if (!parsed.ok) return replyNotice(respond, deps, parsed.sentence);
  const sinceMs = deps.now() - parsed.days * 24 * 3600_000;
  const entries = await deps.audit.list({ sinceMs, channel: parsed.channel, latest: AUDIT_LATEST });
  const message = buildAuditList(viewContext(deps), entries, {
    channel: parsed.channel,
    days: parsed.days,
    limit: AUDIT_LATEST,
  });
  await reply(respond, message, deps.logger);
}
