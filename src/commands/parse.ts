import { isKnownStatus, JOB_STATUSES, type KnownJobStatus } from '../backend/types.js';
import type { ListQuery } from '../views/list-query.js';

export const SUBCOMMANDS = [
  'help',
  'list',
  'status',
  'create',
  'start',
  'cancel',
  'watch',
  'unwatch',
  'watching',
] as const;
export type Subcommand = (typeof SUBCOMMANDS)[number];

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

export interface ParsedCommand {
  sub: Subcommand | undefined;
  /** The sub-command word as typed, when it is not a known one. */
  unknown?: string;
  args: string[];
}

export function parseCommand(text: string): ParsedCommand {
  const [first, ...args] = tokenize(text);
  if (first === undefined) return { sub: 'help', args: [] };
  const word = first.toLowerCase();
  const sub = (SUBCOMMANDS as readonly string[]).includes(word) ? (word as Subcommand) : undefined;
  return sub ? { sub, args } : { sub: undefined, unknown: first, args };
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/** The closest sub-command, if it is close enough to be a typo. */
export function suggestSubcommand(word: string): Subcommand | undefined {
  const w = word.toLowerCase();
  const prefixHit = SUBCOMMANDS.find((s) => w.length >= 3 && (s.startsWith(w) || w.startsWith(s)));
  if (prefixHit) return prefixHit;
  let best: { sub: Subcommand; d: number } | undefined;
  for (const sub of SUBCOMMANDS) {
    const d = editDistance(w, sub);
    if (!best || d < best.d) best = { sub, d };
  }
  return best && best.d <= Math.max(1, Math.floor(best.sub.length / 3)) ? best.sub : undefined;
}

export type ListParse = { ok: true; query: ListQuery } | { ok: false; problem: string };

export const LIST_USAGE =
  'Usage: `/finetune list [status:RUNNING] [model:X] [suffix:X] [wandb:PROJECT] [mine] [page:N]`';

export function parseListArgs(args: string[]): ListParse {
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
      return { ok: false, problem: `I don't understand \`${arg}\`. ${LIST_USAGE}` };
    }
    if (value === '') return { ok: false, problem: `\`${key}:\` needs a value. ${LIST_USAGE}` };
    switch (key) {
      case 'status': {
        const s = value.toUpperCase().replace(/-/g, '_');
        if (!isKnownStatus(s)) {
          return {
            ok: false,
            problem: `\`${value}\` is not a job status. Use one of: ${JOB_STATUSES.join(', ')}.`,
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
          return { ok: false, problem: `\`page:${value}\` must be a whole number from 1.` };
        }
        query.page = n;
        break;
      }
      default:
        return { ok: false, problem: `I don't know the filter \`${key}:\`. ${LIST_USAGE}` };
    }
  }
  return { ok: true, query };
}
