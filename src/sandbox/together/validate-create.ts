import { isObject } from '../../data/jsonl.js';
import type { CreateInput } from '../validation.js';
import { fileIdFromWire } from './ids.js';
import { togetherModel } from './models.js';
import type { TogetherExtras } from './wire.js';

/** One problem, the way Together reports it: a sentence and the offending field in `param`. */
export interface TogetherIssue {
  message: string;
  param: string;
}

export type TogetherCreateCheck =
  | { ok: true; input: CreateInput; extras: TogetherExtras }
  | { ok: false; issue: TogetherIssue };

/** A sandbox rule standing in for "max": the batch a LoRA job of these sizes gets. */
export const MAX_BATCH_SIZE = 8;

type Num = { integer?: boolean; min?: number; max?: number; exclusiveMin?: boolean };

/**
 * Checks a `POST /v1/fine-tunes` (or estimate-price) body as Together does: types from the spec,
 * bounds from its documented limits, the first problem reported with its `param`.
 */
export function validateTogetherCreate(
  body: unknown,
  fileExists: (id: string) => boolean,
): TogetherCreateCheck {
  const fail = (param: string, message: string): TogetherCreateCheck => ({
    ok: false,
    issue: { param, message },
  });
  if (!isObject(body)) return fail('body', 'The request body must be a JSON object.');

  const model = body.model;
  if (typeof model !== 'string' || model === '') return fail('model', 'model is required.');
  const known = togetherModel(model);
  if (!known) return fail('model', `Model ${model} is not supported for fine-tuning.`);

  const file = (param: 'training_file' | 'validation_file'): string | TogetherIssue | undefined => {
    const v = body[param];
    if (v === undefined) return undefined;
    const id = typeof v === 'string' ? fileIdFromWire(v) : undefined;
    if (!id || !fileExists(id)) return { param, message: `File ${String(v)} does not exist.` };
    return id;
  };
  const training = file('training_file');
  if (training === undefined) return fail('training_file', 'training_file is required.');
  if (typeof training !== 'string') return { ok: false, issue: training };
  const validation = file('validation_file');
  if (typeof validation === 'object') return { ok: false, issue: validation };

  const number = (param: string, rule: Num, fallback: number | null): number | null | TogetherIssue => {
    const v = body[param];
    if (v === undefined || v === null) return fallback;
    const bad = (why: string): TogetherIssue => ({ param, message: `${param} ${why}` });
    if (typeof v !== 'number' || !Number.isFinite(v)) return bad('must be a number.');
    if (rule.integer && !Number.isInteger(v)) return bad('must be an integer.');
    if (rule.min !== undefined && (rule.exclusiveMin ? v <= rule.min : v < rule.min))
      return bad(`must be ${rule.exclusiveMin ? 'greater than' : 'at least'} ${rule.min}.`);
    if (rule.max !== undefined && v > rule.max) return bad(`must be at most ${rule.max}.`);
    return v;
  };
  const checks = {
    n_epochs: number('n_epochs', { integer: true, min: 1, max: 20 }, 1),
    learning_rate: number('learning_rate', { min: 0, exclusiveMin: true, max: 1 }, 1e-5),
    warmup_ratio: number('warmup_ratio', { min: 0, max: 1 }, 0),
    weight_decay: number('weight_decay', { min: 0 }, 0),
    max_seq_length: number('max_seq_length', { integer: true, min: 1, max: 32768 }, null),
    n_evals: number('n_evals', { integer: true, min: 0 }, 0),
  };
  for (const v of Object.values(checks))
    if (typeof v === 'object' && v !== null) return { ok: false, issue: v };
  const n = checks as Record<keyof typeof checks, number | null>;

  const batch = body.batch_size;
  if (batch !== undefined && batch !== 'max' && !(Number.isInteger(batch) && (batch as number) >= 1))
    return fail('batch_size', 'batch_size must be a positive integer or "max".');

  const text = (param: string, max = 256): string | null | TogetherIssue => {
    const v = body[param];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string' || v === '' || v.length > max)
      return { param, message: `${param} must be a non-empty string of at most ${max} characters.` };
    return v;
  };
  const suffix = text('suffix', 64);
  const wandbKey = text('wandb_api_key');
  const project = text('wandb_project_name');
  const runName = text('wandb_name');
  for (const v of [suffix, wandbKey, project, runName])
    if (typeof v === 'object' && v !== null) return { ok: false, issue: v };
  const s = (v: string | null | TogetherIssue) => (typeof v === 'string' ? v : null);
  if ((s(project) || s(runName)) && !s(wandbKey))
    return fail('wandb_api_key', 'wandb_api_key is required to log to Weights & Biases.');

  const epochs = n.n_epochs ?? 1;
  const input: CreateInput = {
    model,
    jobType: 'completion',
    trainingFiles: [{ file_id: training, weight: 1 }],
    validationFiles: validation ? [validation] : [],
    suffix: s(suffix),
    // Never stored: the W&B key only says "W&B is on" (project defaults to `together`).
    integrations: s(wandbKey)
      ? [{ type: 'wandb', project: s(project) ?? 'together', name: s(runName), run_name: null }]
      : [],
    autoStart: true,
    hyperparameters: {
      training_steps: null,
      learning_rate: n.learning_rate ?? 1e-5,
      weight_decay: n.weight_decay,
      warmup_fraction: n.warmup_ratio,
      epochs,
      seq_len: n.max_seq_length,
    },
    classifierTargets: null,
  };
  return {
    ok: true,
    input,
    extras: { batchSize: typeof batch === 'number' ? batch : MAX_BATCH_SIZE, nEvals: n.n_evals ?? 0 },
  };
}
