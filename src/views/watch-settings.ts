import { JOB_GONE } from '../domain/status.js';
import type { MentionRule, WatchSettings } from '../domain/watch-settings.js';
import { code, shortId } from './escape.js';
import { dateToken } from './format.js';
import { WATCH_BLOCK } from './ids.js';
import { section } from './kit.js';
import { finishMessage } from './message.js';
import { statusLabel } from './status.js';
import type { SlackMessage, ViewContext } from './types.js';

const ONLY_TEXT: Record<WatchSettings['only'], string> = {
  all: 'every status change',
  terminal: 'only the end',
  failures: 'only failures',
};

const BROADCAST_TEXT: Record<WatchSettings['broadcast'], string> = {
  failures: 'on a failure only (the default)',
  always: 'always',
  never: 'never',
};

/** `<!subteam^S…>`: Slack's mention of a user group. */
export const groupMention = (id: string) => `<!subteam^${id}>`;

export const describeFilter = (only: WatchSettings['only']) => `thread: ${ONLY_TEXT[only]}`;

export function mentionText(rule: MentionRule): string {
  if (rule.kind === 'creator') return 'the job’s creator';
  if (rule.kind === 'group') return groupMention(rule.id);
  return 'nobody';
}

/** The settings in one line, as every answer that sets or shows them says them. */
export function describeSettings(s: WatchSettings): string {
  return `thread: ${ONLY_TEXT[s.only]} · end also sent to the channel: ${BROADCAST_TEXT[s.broadcast]} · mention on failure: ${mentionText(s.mention)}`;
}

/** The syntax, for the help and every refusal of a bad option. */
export const WATCH_OPTIONS_USAGE =
  'Options: `only:all|terminal|failures`, `broadcast:failures|always|never`, `mention:creator|@group|none`.';

/** One thing a mute held, as its summary names it: a status, or the job gone from the provider. */
const heldLabel = (ctx: ViewContext, status: string) =>
  status === JOB_GONE
    ? `🗑️ no longer exists on ${ctx.backendLabel} (the watch has ended)`
    : statusLabel(status);

/**
 * The one reply that ends a mute: what the thread would have got meanwhile, in order. `mention`:
 * who is told when a failure was among them (already in mrkdwn).
 */
export function buildMuteSummary(
  ctx: ViewContext,
  m: { jobId: string; untilMs: number; statuses: string[]; warnings?: string[]; mention?: string },
): SlackMessage {
  const warned = m.warnings?.length ? ` Warnings meanwhile: ${m.warnings.join(', ')}.` : '';
  const held =
    m.statuses.length === 0
      ? warned
        ? `no status change meanwhile.${warned}`
        : 'nothing the thread would have got happened meanwhile (the card shows the current state).'
      : `while it was muted: ${m.statuses.map((s) => heldLabel(ctx, s)).join(' → ')}.${warned}`;
  const end = Math.floor(m.untilMs / 1000);
  const who = m.mention ? `${m.mention} ` : '';
  const line = `${who}🔔 Mute of job ${code(shortId(m.jobId))} ended ${dateToken(end)}: ${held}`;
  return finishMessage(ctx, `Mute of job ${shortId(m.jobId)} ended`, [
    section(WATCH_BLOCK.muteSummary, line),
  ]);
}
