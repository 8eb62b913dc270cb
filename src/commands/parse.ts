import { isKnownStatus, JOB_STATUSES, type KnownJobStatus } from '../domain/job.js';
import { code } from '../views/escape.js';
import type { ListQuery } from '../views/list-query.js';

/** Slack clients turn quotes into smart quotes; parsing must not care. */
export function normalizeText(text: string): string {
  return text
    .replace(/[\u201C\u201D\u201E\u201F\u00AB\u00BB\u2033]/g, '"')
    .replace(/[\u2018\u2019\u201A\u201B\u2032]/g, "'")
    .replace(/[\u00A0\u2000-\u200B\u202F\u3000]/g, ' ')
    .trim();
}

/** Splits on spaces, keeping "quoted values" together, and glues `key: value` into `key:value`. */
export function tokenize(text: string): string[] {
  const glued = normalizeText(text).replace(/(\w)\s*:\s+/g, '$1:');
  const tokens: string[] = [];
  const re = /(\S*?)"([^"]*)"|(\S*?)'([^']*)'|(\S+)/g;
  for (let m = re.exec(glued); m !== null; m = re.exec(glued)) {
    if (m[2] !== undefined) tokens.push(`${m[1] ?? ''}${m[2]}`);
    else if (m[4] !== undefined) tokens.push(`${m[3] ?? ''}${m[4]}`);
    else if (m[5] !== undefined) tokens.push(m[5]);
  }
  return tokens.filter((t) => t.length > 0);
}

/**
 * No sub-command needs more: job ids, a channel and a few filters. Longer text is not parsed at all,
 * so one huge word cannot hold the event loop (every other request's 3-second ack depends on it).
 */
export const MAX_COMMAND_CHARS = 4_000;
/** "Did you mean" compares this much of the first word: longer is no typo of an 8-letter word. */
const MAX_SUGGEST_CHARS = 16;

export function tooLongSentence(length: number): string {
  const n = (x: number) => x.toLocaleString('en');
  return `That command is too long (${n(length)} characters): a \`/finetune\` command is at most ${n(MAX_COMMAND_CHARS)}. Nothing was done. Type \`/finetune help\` for the list.`;
}

export interface ParsedCommand {
  /** A name from the command table, or undefined when the first word is not one. */
  sub: string | undefined;
  /** Set when the text is over `MAX_COMMAND_CHARS`: it was not read. */
  tooLong?: true;
  /** The sub-command word as typed, when it is not a known one. */
  unknown?: string;
  args: string[];
}

/** `names`: the command table's names (`COMMAND_NAMES`); an empty text is `help`. */
export function parseCommand(text: string, names: readonly string[]): ParsedCommand {
  if (text.length > MAX_COMMAND_CHARS) return { sub: undefined, tooLong: true, args: [] };
  const [first, ...args] = tokenize(text);
  if (first === undefined) return { sub: 'help', args: [] };
  const word = first.toLowerCase();
  return names.includes(word) ? { sub: word, args } : { sub: undefined, unknown: first, args };
}

/** Optimal string alignment distance: a swapped pair of letters ("lsit") counts as one typo. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** The closest sub-command, if it is close enough to be a typo. */
export function suggestSubcommand(word: string, names: readonly string[]): string | undefined {
  const w = word.slice(0, MAX_SUGGEST_CHARS).toLowerCase();
  let best: { sub: string; d: number } | undefined;
  for (const sub of names) {
    const d = editDistance(w, sub);
    if (!best || d < best.d) best = { sub, d };
  }
  if (best && best.d <= Math.max(1, Math.floor(best.sub.length / 3))) return best.sub;
  // "stat" or "cancelled": a clear prefix relation is a good guess too.
  return names.find((s) => w.length >= 3 && (s.startsWith(w) || w.startsWith(s)));
}

export type ListParse = { ok: true; query: ListQuery } | { ok: false; problem: string };

/** `usage`: the sentence that follows a refusal (the list command's usage line). */
export function parseListArgs(args: string[], usage: string): ListParse {
  const query: ListQuery = { page: 1 };
  for (const arg of args) {
    const sep = arg.indexOf(':');
    const key = (sep === -1 ? arg : arg.slice(0, sep)).toLowerCase();
    const value = sep === -1 ? '' : arg.slice(sep + 1).trim();
    if (sep === -1) {
      if (key === 'mine') {
        query.mine = true;
        continue;
      }
      return { ok: false, problem: `I don't understand ${code(arg)}. ${usage}` };
    }
    if (value === '') return { ok: false, problem: `${code(`${key}:`)} needs a value. ${usage}` };
    switch (key) {
      case 'status': {
        const s = value.toUpperCase().replace(/-/g, '_');
        if (!isKnownStatus(s)) {
          return {
            ok: false,
            problem: `${code(value)} is not a job status. Use one of: ${JOB_STATUSES.join(', ')}.`,
          };
        }
        query.status = s as KnownJobStatus;
        break;
      }
      case 'model':
        query.model = value;
        break;
      case 'suffix':
        query.suffix = value;
        break;
      case 'wandb':
        query.wandb = value;
        break;
      case 'page': {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 1 || n > 10_000) {
          return { ok: false, problem: `${code(`page:${value}`)} must be a whole number from 1.` };
        }
        query.page = n;
        break;
      }
      default:
        return { ok: false, problem: `I don't know the filter ${code(`${key}:`)}. ${usage}` };
    }
  }
  return { ok: true, query };
}
