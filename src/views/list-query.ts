import type { KnownJobStatus } from '../domain/job.js';

/** The filters of `/finetune list`, carried in the paging buttons so Next/Previous keep them. */
export interface ListQuery {
  status?: KnownJobStatus;
  model?: string;
  suffix?: string;
  wandb?: string;
  /** Only jobs the requesting Slack user created through the bot. */
  mine?: boolean;
  /** 1-based, as users type it. */
  page: number;
}

/**
 * JSON, with `<`, `>` and `&` written as `\u003c`-style escapes: the filters are user text, and no
 * user text leaves the app in a form Slack could read as a mention or link. `JSON.parse` undoes it.
 */
export function encodeListQuery(q: ListQuery): string {
  return JSON.stringify(q).replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Returns undefined when the value was not written by `encodeListQuery` (never trust a payload). */
export function decodeListQuery(value: string | undefined): ListQuery | undefined {
  if (!value) return undefined;
  try {
    const raw: unknown = JSON.parse(value);
    if (typeof raw !== 'object' || raw === null) return undefined;
    const r = raw as Record<string, unknown>;
    const page = typeof r.page === 'number' && Number.isInteger(r.page) && r.page >= 1 ? r.page : undefined;
    if (page === undefined) return undefined;
    const str = (k: string) => (typeof r[k] === 'string' ? (r[k] as string) : undefined);
    return {
      page,
      status: str('status') as KnownJobStatus | undefined,
      model: str('model'),
      suffix: str('suffix'),
      wandb: str('wandb'),
      mine: r.mine === true ? true : undefined,
    };
  } catch {
    return undefined;
  }
}
