import { isObject } from '../../data/jsonl.js';
import type { HttpResult } from '../http.js';
import type { WandbOut } from '../types.js';
import type { CreateInput } from '../validation.js';
import { invalid } from './errors.js';
import { fromFileId } from './ids.js';
import { canFineTuneHere } from './models.js';

/**
 * Tokens per step in this dialect. OpenAI steps are batches of examples, far smaller than
 * Mistral's 131072-token steps; 64 × 16 = 1024 tokens makes a seeded file train for a few dozen
 * steps, so progress moves visibly. (The engine reads `seq_len × 16`; seq_len is never shown here.)
 */
const SEQ_LEN_FOR_STEPS = 64;

type Check = { ok: true; input: CreateInput } | { ok: false; answer: HttpResult };
const fail = (message: string, param: string | null, code: string | null = null): Check => ({
  ok: false,
  answer: invalid(message, param, code),
});

function epochsOf(h: unknown, at: string): number | null | string {
  if (!isObject(h)) return null;
  const n = h.n_epochs;
  if (n === undefined || n === null || n === 'auto') return null;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 50) return `${at}.n_epochs`;
  return n;
}

/** The create body as OpenAI checks it: the first problem answers, with its `param`. */
export function readCreate(body: unknown, fileExists: (engineId: string) => boolean): Check {
  if (!isObject(body)) return fail('The body must be a JSON object.', null);
  const { model, training_file, validation_file, suffix, method, integrations } = body;
  if (typeof model !== 'string' || model === '') return fail('Missing required parameter: model.', 'model');
  if (!canFineTuneHere(model))
    return fail(
      `Model ${model} is not available for fine-tuning or does not exist.`,
      'model',
      'model_not_available',
    );
  if (typeof training_file !== 'string')
    return fail('Missing required parameter: training_file.', 'training_file');
  const train = fromFileId(training_file);
  if (!train || !fileExists(train))
    return fail(`invalid training_file: ${training_file}`, 'training_file', 'invalid_file_id');
  let valid: string | undefined;
  if (validation_file !== undefined && validation_file !== null) {
    valid = typeof validation_file === 'string' ? fromFileId(validation_file) : undefined;
    if (!valid || !fileExists(valid))
      return fail(
        `invalid validation_file: ${String(validation_file)}`,
        'validation_file',
        'invalid_file_id',
      );
  }
  if (
    suffix !== undefined &&
    suffix !== null &&
    (typeof suffix !== 'string' || suffix.length < 1 || suffix.length > 64)
  )
    return fail('suffix must be a string of 1 to 64 characters.', 'suffix');
  let epochs = epochsOf(body.hyperparameters, 'hyperparameters');
  if (method !== undefined) {
    if (!isObject(method) || method.type !== 'supervised')
      return fail('The sandbox runs supervised fine-tuning only.', 'method.type');
    const sup = method.supervised;
    const fromMethod = epochsOf(
      isObject(sup) ? sup.hyperparameters : undefined,
      'method.supervised.hyperparameters',
    );
    if (fromMethod !== null) epochs = fromMethod;
  }
  if (typeof epochs === 'string') return fail('n_epochs must be "auto" or an integer from 1 to 50.', epochs);
  const wandb = readIntegrations(integrations);
  if (typeof wandb === 'string') return fail(wandb, 'integrations');
  return {
    ok: true,
    input: {
      model,
      jobType: 'completion',
      trainingFiles: [{ file_id: train, weight: 1 }],
      validationFiles: valid ? [valid] : [],
      suffix: typeof suffix === 'string' ? suffix : null,
      integrations: wandb,
      autoStart: true,
      hyperparameters: {
        training_steps: null,
        learning_rate: 0.0001,
        weight_decay: null,
        warmup_fraction: null,
        epochs,
        seq_len: SEQ_LEN_FOR_STEPS,
      },
      classifierTargets: null,
    },
  };
}

function readIntegrations(v: unknown): WandbOut[] | string {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.length > 5) return 'integrations must be a list of at most 5.';
  const out: WandbOut[] = [];
  for (const i of v) {
    if (!isObject(i) || i.type !== 'wandb' || !isObject(i.wandb) || typeof i.wandb.project !== 'string')
      return 'Each integration must be {type: "wandb", wandb: {project, name?}}.';
    const name = typeof i.wandb.name === 'string' ? i.wandb.name : null;
    out.push({ type: 'wandb', project: i.wandb.project, name, run_name: null });
  }
  return out;
}
