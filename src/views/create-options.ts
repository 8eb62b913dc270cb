import type { PlainTextOption } from '@slack/types';
import type { FileInfo } from '../domain/job.js';
import { formatCount } from './format.js';
import { truncate } from './truncate.js';

/** Slack: 100 options per select, 75 characters of option text; values kept ≤ 75 (see limits.ts). */
export const MAX_OPTIONS = 100;
const OPTION_TEXT = 75;
const OPTION_VALUE = 75;

/** The documented fine-tunable models (as Mistral's fine-tuning docs list them), used when the backend cannot list them. */
export const DOCUMENTED_MODELS = [
  'open-mistral-7b',
  'mistral-small-latest',
  'codestral-latest',
  'open-mistral-nemo',
  'mistral-large-latest',
  'ministral-8b-latest',
  'ministral-3b-latest',
  'pixtral-12b-latest',
] as const;

export function option(text: string, value: string): PlainTextOption {
  return { text: { type: 'plain_text', text: truncate(text, OPTION_TEXT), emoji: true }, value };
}

/** "12 KB": sizes people read at a glance. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

/** "train.jsonl · 1,200 lines · 12 KB"; the name is cut first so the numbers always show. */
export function fileOptionText(f: FileInfo): string {
  const lines = f.num_lines == null ? 'lines unknown' : `${formatCount(f.num_lines)} lines`;
  const tail = ` · ${lines} · ${formatBytes(f.bytes)}`;
  return `${truncate(f.filename || f.id, Math.max(10, OPTION_TEXT - tail.length))}${tail}`;
}

export function fileOptions(files: readonly FileInfo[]): PlainTextOption[] {
  return files.slice(0, MAX_OPTIONS).map((f) => option(fileOptionText(f), f.id));
}

export function modelOptions(models: readonly string[]): PlainTextOption[] {
  return models
    .filter((m) => m.length > 0 && m.length <= OPTION_VALUE)
    .slice(0, MAX_OPTIONS)
    .map((m) => option(m, m));
}
