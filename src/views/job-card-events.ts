import type { KnownBlock } from '@slack/types';
import type { JobEvent } from '../domain/job.js';
import { escapeMrkdwn } from './escape.js';
import { dateToken } from './format.js';
import { BLOCK } from './ids.js';
import { section } from './kit.js';
import { statusEmoji, statusWord } from './status.js';
import { truncate } from './truncate.js';

export const MAX_EVENTS_SHOWN = 5;
/** A validation error names the file and line; more than this is a stack trace nobody reads in Slack. */
export const MAX_EVENT_ERROR = 400;

function str(data: Record<string, unknown> | null, key: string): string | undefined {
  const v = data?.[key];
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

export function eventLine(event: JobEvent): string {
  const status = str(event.data, 'status');
  const what = status
    ? `${statusEmoji(status)} ${escapeMrkdwn(statusWord(status))}`
    : escapeMrkdwn(truncate(event.name, 60));
  const line = `• ${what} · ${dateToken(event.created_at)}`;
  const error = str(event.data, 'error');
  return error
    ? `${line}\n      ↳ ${escapeMrkdwn(truncate(error.replace(/\s+/g, ' '), MAX_EVENT_ERROR))}`
    : line;
}

/** Newest first whatever order the API used: Mistral does not document its order. */
export function recentEvents(events: readonly JobEvent[]): JobEvent[] {
  return [...events].sort((a, b) => b.created_at - a.created_at).slice(0, MAX_EVENTS_SHOWN);
}

export function buildCardEvents(events: readonly JobEvent[]): KnownBlock[] {
  if (events.length === 0) return [];
  const lines = recentEvents(events).map(eventLine);
  const older = events.length - MAX_EVENTS_SHOWN;
  if (older > 0) lines.push(`_… ${older} older event${older === 1 ? '' : 's'}_`);
  return [section(BLOCK.jobEvents, `*Recent events*\n${lines.join('\n')}`)];
}
