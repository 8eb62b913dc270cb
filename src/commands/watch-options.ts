import {
  BROADCAST_RULES,
  type BroadcastRule,
  MAX_MUTE_MS,
  type MentionRule,
  THREAD_FILTERS,
  type ThreadFilter,
  type WatchSettings,
} from '../domain/watch-settings.js';
import { code } from '../views/escape.js';
import { WATCH_OPTIONS_USAGE } from '../views/watch-settings.js';

export type OptionsParse =
  | { ok: true; settings: Partial<WatchSettings>; rest: string[] }
  | { ok: false; problem: string };

const choices = (key: string, values: readonly string[]) =>
  values
    .map((v) => code(`${key}:${v}`))
    .join(', ')
    .replace(/, ([^,]*)$/, ' or $1');

/** `<!subteam^S123|@ml-team>`: what Slack sends (escaped commands) for a group picked from the autocomplete. */
const GROUP_MENTION = /^<!subteam\^([A-Z0-9]+)(?:\|[^>]*)?>$/;
const GROUP_ID = /^S[A-Z0-9]{2,}$/;

function parseMention(value: string): MentionRule | string {
  const v = value.toLowerCase();
  if (v === 'creator') return { kind: 'creator' };
  if (v === 'none' || v === 'nobody') return { kind: 'none' };
  const id = GROUP_MENTION.exec(value)?.[1] ?? (GROUP_ID.test(value) ? value : undefined);
  if (id) return { kind: 'group', id };
  if (value.startsWith('@'))
    return `I only get a user group’s id when you pick it from the autocomplete: type ${code('mention:@')}, choose the group from the list, then send.`;
  return `${code(`mention:${value}`)} is not a choice: use ${code('mention:creator')}, ${code('mention:@group')} (picked from the autocomplete) or ${code('mention:none')}.`;
}

/**
 * Splits a watch command's words into its options (`only:`, `broadcast:`, `mention:`) and the rest
 * (job, channel). Job ids and channel references never hold a `:` outside `<…>`, so any other
 * `key:value` word is an option this command does not know, and is refused by name.
 */
export function parseWatchOptions(args: string[]): OptionsParse {
  const settings: Partial<WatchSettings> = {};
  const rest: string[] = [];
  for (const arg of args) {
    const sep = arg.indexOf(':');
    if (sep === -1 || arg.startsWith('<')) {
      rest.push(arg);
      continue;
    }
    const key = arg.slice(0, sep).toLowerCase();
    const value = arg.slice(sep + 1).trim();
    if (value === '')
      return { ok: false, problem: `${code(`${key}:`)} needs a value. ${WATCH_OPTIONS_USAGE}` };
    const lower = value.toLowerCase();
    if (key === 'only') {
      if (!THREAD_FILTERS.includes(lower as ThreadFilter))
        return {
          ok: false,
          problem: `${code(arg)} is not a choice: use ${choices('only', THREAD_FILTERS)}.`,
        };
      settings.only = lower as ThreadFilter;
    } else if (key === 'broadcast') {
      if (!BROADCAST_RULES.includes(lower as BroadcastRule))
        return {
          ok: false,
          problem: `${code(arg)} is not a choice: use ${choices('broadcast', BROADCAST_RULES)}.`,
        };
      settings.broadcast = lower as BroadcastRule;
    } else if (key === 'mention') {
      const rule = parseMention(value);
      if (typeof rule === 'string') return { ok: false, problem: rule };
      settings.mention = rule;
    } else {
      return { ok: false, problem: `I don't know the option ${code(`${key}:`)}. ${WATCH_OPTIONS_USAGE}` };
    }
  }
  return { ok: true, settings, rest };
}

const MINUTE_MS = 60_000;
const UNIT_MS: Record<string, number> = { m: MINUTE_MS, h: 60 * MINUTE_MS, d: 24 * 60 * MINUTE_MS };
const DURATION = /^(?:(\d{1,4})d)?(?:(\d{1,5})h)?(?:(\d{1,6})m(?:in)?)?$/i;

export const DURATION_HINT = 'a duration like `30m`, `2h`, `1h30m` or `1d` (at most 7 days)';

/** `30m`, `2h`, `1h30m`, `1d` → milliseconds; undefined when the word is no such duration. */
export function parseDuration(word: string): number | undefined {
  const m = DURATION.exec(word.trim());
  if (!m || (m[1] === undefined && m[2] === undefined && m[3] === undefined)) return undefined;
  const ms =
    Number(m[1] ?? 0) * (UNIT_MS.d as number) +
    Number(m[2] ?? 0) * (UNIT_MS.h as number) +
    Number(m[3] ?? 0) * (UNIT_MS.m as number);
  return ms >= MINUTE_MS && ms <= MAX_MUTE_MS ? ms : undefined;
}

/** The word looks like a duration (digits and a unit), though maybe out of range. */
export const looksLikeDuration = (word: string) => /^\d+[a-z]*$/i.test(word) || DURATION.test(word);
