import type { JobType } from '../domain/job.js';
import { type ExampleIndex, type InspectOptions, indexExamples, inspectTrainingData } from './inspect.js';

export { decode, estimateTokens, isObject, nonEmptyLines } from './lines.js';

/**
 * Training-data checks (chat and classifier JSONL, the formats Mistral documents; the chat rows are
 * what Together and the OpenAI-shaped providers take too). The sandbox fails a job's validation
 * with them, the bot checks a file with them before a draft is started, and an upload from Slack
 * is checked with them before it is sent anywhere (`inspectTrainingData`, which this is built on).
 * The error names the file and the first bad line so a user can fix it.
 */
export type FileCheck =
  | { ok: true; samples: number; labels: Map<string, Set<string>> }
  | { ok: false; error: string };

export function checkTrainingFile(
  filename: string,
  content: Uint8Array,
  jobType: JobType,
  opts: InspectOptions = {},
): FileCheck {
  const report = inspectTrainingData(filename, content, jobType, opts);
  if (report.examples === 0 && report.errorCount === 0)
    return { ok: false, error: `${filename}: the file has no samples` };
  const first = report.errors[0];
  if (first) return { ok: false, error: `${filename} line ${first.line}: ${first.reason}` };
  return { ok: true, samples: report.examples, labels: report.labels };
}

/** The samples of every training file, for checking a validation split against them. */
export function indexTraining(contents: readonly Uint8Array[]): ExampleIndex {
  const index = new Map<string, number>();
  for (const c of contents) for (const [k, n] of indexExamples(c)) if (!index.has(k)) index.set(k, n);
  return index;
}
