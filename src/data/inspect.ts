import { createHash } from 'node:crypto';
import type { JobType } from '../domain/job.js';
import { lineError } from './formats.js';
import { decode, estimateTokens } from './lines.js';

/**
 * A whole training or validation file looked at line by line: what `checkTrainingFile` (the
 * sandbox's validation, the drafts' checks) fails on, and what an upload from Slack is told before
 * anything is sent. Errors refuse the file; warnings are reported and the file is still taken.
 */
export interface DataProblem {
  /** 1-based line number in the file. */
  line: number;
  reason: string;
  /** The start of the line, raw (escape it before showing it in mrkdwn). */
  excerpt: string;
}

export interface DataReport {
  filename: string;
  /** Every line of the file (a final newline does not start another). */
  lines: number;
  /** Non-blank lines: the samples a provider trains on. */
  examples: number;
  bytes: number;
  /** About 4 bytes a token, the estimate used wherever no provider counts for us. */
  tokens: number;
  /** The first `MAX_REPORTED` errors, in line order; `errorCount` counts them all. */
  errors: DataProblem[];
  errorCount: number;
  /** Blank lines and duplicated samples: the first few, and how many. */
  warnings: DataProblem[];
  warningCount: number;
  duplicates: number;
  /** Validation samples that are also training samples (only when `training` was given). */
  overlap: number;
  labels: Map<string, Set<string>>;
}

/** How many problems of each kind a report keeps (the counts cover them all). */
export const MAX_REPORTED = 5;
/**
 * A line longer than this is refused: 256 KiB is some 64k tokens, more than any offered base model
 * trains on in one sample, and almost always a file that is not one sample per line.
 */
export const MAX_LINE_BYTES = 256 * 1024;
const EXCERPT = 60;

/** Sample fingerprints of a training file, to find validation samples that repeat it. */
export type ExampleIndex = ReadonlyMap<string, number>;

const fingerprint = (line: string) => createHash('sha1').update(line.trim()).digest('base64');

function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  return lines;
}

/** Fingerprint → first line number, of every non-blank line. */
export function indexExamples(content: Uint8Array): ExampleIndex {
  const index = new Map<string, number>();
  splitLines(decode(content)).forEach((line, i) => {
    if (line.trim() === '') return;
    const key = fingerprint(line);
    if (!index.has(key)) index.set(key, i + 1);
  });
  return index;
}

export function excerptOf(line: string): string {
  const flat = line.replace(/\s+/g, ' ').trim();
  return flat.length <= EXCERPT ? flat : `${flat.slice(0, EXCERPT - 1)}…`;
}

export interface InspectOptions {
  /** The training file's samples, when this file is its validation split. */
  training?: ExampleIndex;
}

export function inspectTrainingData(
  filename: string,
  content: Uint8Array,
  jobType: JobType,
  opts: InspectOptions = {},
): DataReport {
  const lines = splitLines(decode(content));
  const r: DataReport = {
    filename,
    lines: lines.length === 1 && lines[0] === '' ? 0 : lines.length,
    examples: 0,
    bytes: content.byteLength,
    tokens: estimateTokens(content.byteLength),
    errors: [],
    errorCount: 0,
    warnings: [],
    warningCount: 0,
    duplicates: 0,
    overlap: 0,
    labels: new Map(),
  };
  const error = (p: DataProblem) => {
    r.errorCount++;
    if (r.errors.length < MAX_REPORTED) r.errors.push(p);
  };
  const warn = (p: DataProblem) => {
    r.warningCount++;
    if (r.warnings.length < MAX_REPORTED) r.warnings.push(p);
  };
  const seen = new Map<string, number>();
  for (let i = 0; i < r.lines; i++) {
    const line = lines[i] ?? '';
    const n = i + 1;
    if (line.trim() === '') {
      warn({ line: n, reason: 'blank line (skipped)', excerpt: '' });
      continue;
    }
    r.examples++;
    const excerpt = excerptOf(line);
    const size = Buffer.byteLength(line);
    if (size > MAX_LINE_BYTES) {
      error({ line: n, reason: `line too long (${size} bytes, at most ${MAX_LINE_BYTES})`, excerpt });
      continue;
    }
    const reason = lineError(line, jobType, r.labels);
    if (reason) {
      error({ line: n, reason, excerpt });
      continue;
    }
    const key = fingerprint(line);
    const also = opts.training?.get(key);
    if (also !== undefined) {
      r.overlap++;
      error({ line: n, reason: `also in the training data (line ${also})`, excerpt });
      continue;
    }
    const first = seen.get(key);
    if (first === undefined) seen.set(key, n);
    else {
      r.duplicates++;
      warn({ line: n, reason: `duplicate of line ${first}`, excerpt });
    }
  }
  return r;
}
