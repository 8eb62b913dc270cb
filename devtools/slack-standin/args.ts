import type { Args } from './types.js';

/** Keys WebClient sends as JSON strings inside a form body (it JSON-encodes every non-scalar value). */
const JSON_KEYS = new Set(['blocks', 'attachments', 'metadata', 'view', 'unfurls', 'user_auth_blocks']);
/** Keys that are booleans in Slack's API; form bodies carry them as 'true'/'false' (or '1'/'0'). */
const BOOLEAN_KEYS = new Set([
  'include_all_metadata',
  'reply_broadcast',
  'unfurl_links',
  'unfurl_media',
  'mrkdwn',
  'as_user',
  'inclusive',
  'return_im',
  'include_locale',
  'link_names',
  'include_num_members',
  'include_disabled',
]);
const NUMBER_KEYS = new Set(['limit']);

export class ArgsError extends Error {
  constructor(
    readonly code: string,
    detail: string,
  ) {
    super(detail);
  }
}

/**
 * Turns a raw request body into decoded args. Throws ArgsError (never anything else) on malformed input, so
 * the server can answer `invalid_arguments` instead of crashing.
 */
export function parseBody(raw: string, contentType: string | undefined, query: URLSearchParams): Args {
  const args: Args = {};
  for (const [k, v] of query) args[k] = v;
  if (raw.trim() === '') return decodeArgs(args);
  if ((contentType ?? '').includes('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new ArgsError('invalid_arguments', 'body is not valid JSON');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new ArgsError('invalid_arguments', 'JSON body must be an object');
    }
    return decodeArgs({ ...args, ...(parsed as Args) });
  }
  for (const [k, v] of new URLSearchParams(raw)) args[k] = v;
  return decodeArgs(args);
}

function decodeArgs(args: Args): Args {
  const out: Args = {};
  for (const [key, value] of Object.entries(args)) {
    out[key] = decodeValue(key, value);
  }
  return out;
}

function decodeValue(key: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (JSON_KEYS.has(key)) {
    try {
      return JSON.parse(value);
    } catch {
      throw new ArgsError('invalid_arguments', `${key} is not valid JSON`);
    }
  }
  if (BOOLEAN_KEYS.has(key)) return value === 'true' || value === '1';
  if (NUMBER_KEYS.has(key) && /^\d+$/.test(value)) return Number(value);
  return value;
}

export function str(args: Args, key: string): string | undefined {
  const v = args[key];
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number') return String(v);
  return undefined;
}

export function bool(args: Args, key: string): boolean {
  const v = args[key];
  return v === true || v === 'true' || v === 1 || v === '1';
}

export function num(args: Args, key: string): number | undefined {
  const v = args[key];
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return undefined;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
