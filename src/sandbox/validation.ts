import { isObject } from '../data/jsonl.js';
import type { JobType } from '../domain/job.js';
import { canFineTune } from './models.js';
import { UUID_RE } from './prng.js';
import type { ClassifierTargetOut, HyperparametersOut, WandbOut } from './types.js';

/** One FastAPI/pydantic validation error, the shape Mistral's 422s use (`{"detail": [...]}`). */
export interface ValidationIssue {
  type: string;
  loc: Array<string | number>;
  msg: string;
  input?: unknown;
  ctx?: Record<string, unknown>;
}

export interface CreateInput {
  model: string;
  jobType: JobType;
  trainingFiles: Array<{ file_id: string; weight: number }>;
  validationFiles: string[];
  suffix: string | null;
  integrations: WandbOut[];
  autoStart: boolean;
  hyperparameters: HyperparametersOut;
  classifierTargets: ClassifierTargetOut[] | null;
}

export const SUFFIX_RE = /^[a-zA-Z0-9_-]+$/;

export type CreateCheck = { ok: true; value: CreateInput } | { ok: false; issues: ValidationIssue[] };

/**
 * Checks a create body the way the real API does (spec constraints plus the server rules seen in
 * the wild). Every problem is reported at once, each with its `loc`, as pydantic would.
 */
export function validateCreate(body: unknown, fileExists: (id: string) => boolean): CreateCheck {
  const issues: ValidationIssue[] = [];
  const add = (type: string, loc: Array<string | number>, msg: string, input?: unknown) =>
    issues.push(
      input === undefined
        ? { type, loc: ['body', ...loc], msg }
        : { type, loc: ['body', ...loc], msg, input },
    );
  if (!isObject(body)) {
    add(
      'model_attributes_type',
      [],
      'Input should be a valid dictionary or object to extract fields from',
      body,
    );
    return { ok: false, issues };
  }

  const jobType = readJobType(body.job_type, add);
  const model = body.model;
  if (model === undefined) add('missing', ['model'], 'Field required');
  else if (typeof model !== 'string') add('string_type', ['model'], 'Input should be a valid string', model);
  else if (!canFineTune(model, jobType))
    add('value_error', ['model'], `Model not available for this type of fine-tuning (${jobType}).`, model);

  const hyperparameters = readHyperparameters(body.hyperparameters, jobType, add);
  const trainingFiles = readTrainingFiles(body.training_files, fileExists, add);
  const validationFiles = readValidationFiles(body.validation_files, fileExists, add);
  const suffix = readSuffix(body.suffix, add);
  const integrations = readIntegrations(body.integrations, add);
  const classifierTargets = readTargets(body.classifier_targets, add);

  let autoStart = false;
  if (body.auto_start !== undefined && body.auto_start !== null) {
    if (typeof body.auto_start === 'boolean') autoStart = body.auto_start;
    else add('bool_type', ['auto_start'], 'Input should be a valid boolean', body.auto_start);
  }
  const skip = body.invalid_sample_skip_percentage;
  if (skip !== undefined) checkNumber(skip, ['invalid_sample_skip_percentage'], { ge: 0, le: 0.5 }, add);
  const repos = body.repositories;
  if (Array.isArray(repos) && repos.length > 0) {
    add(
      'value_error',
      ['repositories'],
      'Value error, GitHub repositories are not supported by the sandbox.',
    );
  }
  if (trainingFiles && trainingFiles.length === 0 && !(Array.isArray(repos) && repos.length > 0)) {
    add('value_error', ['job_in'], 'Value error, At least one training file or repository is required.');
  }

  if (issues.length > 0 || !hyperparameters || !trainingFiles || typeof model !== 'string') {
    return { ok: false, issues };
  }
  return {
    ok: true,
    value: {
      model,
      jobType,
      trainingFiles,
      validationFiles: validationFiles ?? [],
      suffix,
      integrations: integrations ?? [],
      autoStart,
      hyperparameters,
      classifierTargets,
    },
  };
}

type Add = (type: string, loc: Array<string | number>, msg: string, input?: unknown) => void;

function readJobType(v: unknown, add: Add): JobType {
  if (v === undefined || v === null || v === 'completion') return 'completion';
  if (v === 'classifier') return 'classifier';
  add('enum', ['job_type'], "Input should be 'completion' or 'classifier'", v);
  return 'completion';
}

interface Bounds {
  ge?: number;
  gt?: number;
  le?: number;
  int?: boolean;
}

function checkNumber(v: unknown, loc: Array<string | number>, b: Bounds, add: Add): number | null {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    add(b.int ? 'int_type' : 'float_type', loc, `Input should be a valid ${b.int ? 'integer' : 'number'}`, v);
    return null;
  }
  if (b.int && !Number.isInteger(v)) {
    add('int_from_float', loc, 'Input should be a valid integer, got a number with a fractional part', v);
    return null;
  }
  if (b.ge !== undefined && v < b.ge) {
    add('greater_than_equal', loc, `Input should be greater than or equal to ${b.ge}`, v);
    return null;
  }
  if (b.gt !== undefined && v <= b.gt) {
    add('greater_than', loc, `Input should be greater than ${b.gt}`, v);
    return null;
  }
  if (b.le !== undefined && v > b.le) {
    add('less_than_equal', loc, `Input should be less than or equal to ${b.le}`, v);
    return null;
  }
  return v;
}

function readHyperparameters(v: unknown, jobType: JobType, add: Add): HyperparametersOut | null {
  if (v === undefined) {
    add('missing', ['hyperparameters'], 'Field required');
    return null;
  }
  if (!isObject(v)) {
    add('model_attributes_type', ['hyperparameters'], 'Input should be a valid dictionary or object', v);
    return null;
  }
  const opt = (key: string, b: Bounds): number | null => {
    const x = v[key];
    return x === undefined || x === null ? null : checkNumber(x, ['hyperparameters', key], b, add);
  };
  const out: HyperparametersOut = {
    training_steps: opt('training_steps', { int: true, ge: 1 }),
    learning_rate: opt('learning_rate', { ge: 1e-8, le: 1 }) ?? 0.0001,
    weight_decay: opt('weight_decay', { ge: 0, le: 1 }) ?? 0.1,
    warmup_fraction: opt('warmup_fraction', { ge: 0, le: 1 }) ?? 0.05,
    epochs: opt('epochs', { gt: 0 }),
    seq_len: opt('seq_len', { int: true, ge: 100 }),
  };
  const fim = opt('fim_ratio', { ge: 0, le: 1 });
  // fim_ratio only exists on completion jobs (CompletionTrainingParameters).
  if (jobType === 'completion') out.fim_ratio = fim ?? 0.9;
  return out;
}

function readTrainingFiles(v: unknown, exists: (id: string) => boolean, add: Add) {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    add('list_type', ['training_files'], 'Input should be a valid list', v);
    return null;
  }
  const out: Array<{ file_id: string; weight: number }> = [];
  for (let i = 0; i < v.length; i++) {
    const item: unknown = v[i];
    if (!isObject(item)) {
      add(
        'model_attributes_type',
        ['training_files', i],
        'Input should be a valid dictionary or object',
        item,
      );
      continue;
    }
    const id = item.file_id;
    if (id === undefined) {
      add('missing', ['training_files', i, 'file_id'], 'Field required');
      continue;
    }
    if (typeof id !== 'string' || !UUID_RE.test(id)) {
      add('uuid_parsing', ['training_files', i, 'file_id'], 'Input should be a valid UUID', id);
      continue;
    }
    if (!exists(id)) {
      add('value_error', ['training_files', i, 'file_id'], `Value error, File ${id} not found.`, id);
      continue;
    }
    const w =
      item.weight === undefined || item.weight === null
        ? 1
        : checkNumber(item.weight, ['training_files', i, 'weight'], { gt: 0 }, add);
    if (w !== null) out.push({ file_id: id, weight: w });
  }
  return out;
}

function readValidationFiles(v: unknown, exists: (id: string) => boolean, add: Add): string[] | null {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    add('list_type', ['validation_files'], 'Input should be a valid list', v);
    return null;
  }
  for (let i = 0; i < v.length; i++) {
    const id: unknown = v[i];
    if (typeof id !== 'string' || !UUID_RE.test(id))
      add('uuid_parsing', ['validation_files', i], 'Input should be a valid UUID', id);
    else if (!exists(id))
      add('value_error', ['validation_files', i], `Value error, File ${id} not found.`, id);
  }
  return v.filter((x): x is string => typeof x === 'string');
}

function readSuffix(v: unknown, add: Add): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') add('string_type', ['suffix'], 'Input should be a valid string', v);
  else if (v.length < 1) add('string_too_short', ['suffix'], 'String should have at least 1 character', v);
  else if (v.length > 18) add('string_too_long', ['suffix'], 'String should have at most 18 characters', v);
  else if (!SUFFIX_RE.test(v))
    add('string_pattern_mismatch', ['suffix'], "String should match pattern '^[a-zA-Z0-9_-]+$'", v);
  else return v;
  return null;
}

function readIntegrations(v: unknown, add: Add): WandbOut[] | null {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) {
    add('list_type', ['integrations'], 'Input should be a valid list', v);
    return null;
  }
  const out: WandbOut[] = [];
  for (let i = 0; i < v.length; i++) {
    const item: unknown = v[i];
    const loc = ['integrations', i];
    if (!isObject(item)) {
      add('model_attributes_type', loc, 'Input should be a valid dictionary or object');
      continue;
    }
    if (item.type !== undefined && item.type !== 'wandb') {
      add('union_tag_invalid', [...loc, 'type'], "Input tag does not match the expected tag 'wandb'");
      continue;
    }
    if (typeof item.project !== 'string')
      add(
        item.project === undefined ? 'missing' : 'string_type',
        [...loc, 'project'],
        item.project === undefined ? 'Field required' : 'Input should be a valid string',
      );
    // The key is a secret: never echo it back as `input`.
    const key = item.api_key;
    if (typeof key !== 'string')
      add(
        key === undefined ? 'missing' : 'string_type',
        [...loc, 'api_key'],
        key === undefined ? 'Field required' : 'Input should be a valid string',
      );
    else if (key.length < 40)
      add('string_too_short', [...loc, 'api_key'], 'String should have at least 40 characters');
    else if (key.length > 40)
      add('string_too_long', [...loc, 'api_key'], 'String should have at most 40 characters');
    const name = optString(item.name, [...loc, 'name'], add);
    const runName = optString(item.run_name, [...loc, 'run_name'], add);
    if (typeof item.project === 'string' && typeof key === 'string' && key.length === 40) {
      out.push({ type: 'wandb', project: item.project, name, run_name: runName });
    }
  }
  return out;
}

function optString(v: unknown, loc: Array<string | number>, add: Add): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  add('string_type', loc, 'Input should be a valid string', v);
  return null;
}

function readTargets(v: unknown, add: Add): ClassifierTargetOut[] | null {
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v)) {
    add('list_type', ['classifier_targets'], 'Input should be a valid list', v);
    return null;
  }
  const out: ClassifierTargetOut[] = [];
  for (let i = 0; i < v.length; i++) {
    const t: unknown = v[i];
    const loc = ['classifier_targets', i];
    if (
      !isObject(t) ||
      typeof t.name !== 'string' ||
      !Array.isArray(t.labels) ||
      !t.labels.every((l) => typeof l === 'string')
    ) {
      add('value_error', loc, 'Value error, a target needs a "name" string and a "labels" list of strings.');
      continue;
    }
    const weight = t.weight === undefined ? 1 : checkNumber(t.weight, [...loc, 'weight'], { ge: 0 }, add);
    const lf = t.loss_function ?? 'single_class';
    if (lf !== 'single_class' && lf !== 'multi_class') {
      add('enum', [...loc, 'loss_function'], "Input should be 'single_class' or 'multi_class'", lf);
      continue;
    }
    if (weight !== null) out.push({ name: t.name, labels: t.labels as string[], weight, loss_function: lf });
  }
  return out;
}
