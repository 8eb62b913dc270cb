import { decode, isObject, nonEmptyLines } from '../data/jsonl.js';
import type { ClassifierTargetOut, SampleType } from './types.js';

/** Classifier targets inferred from the labels seen in the data, when the request names none. */
export function targetsFromLabels(labels: Map<string, Set<string>>): ClassifierTargetOut[] {
  return [...labels].map(([name, values]) => ({
    name,
    labels: [...values].sort(),
    weight: 1,
    loss_function: 'single_class',
  }));
}

/** What the upload answer says about the content; validation proper happens when a job uses it. */
export function detectSampleType(content: Uint8Array, purpose: string): SampleType {
  if (purpose === 'batch') return 'batch_request';
  const first = nonEmptyLines(decode(content.subarray(0, 64 * 1024)))[0];
  if (!first) return 'instruct';
  try {
    const v: unknown = JSON.parse(first.line);
    if (isObject(v) && typeof v.text === 'string' && v.messages === undefined) return 'pretrain';
  } catch {
    // A broken line is reported when a job validates the file, not at upload.
  }
  return 'instruct';
}
