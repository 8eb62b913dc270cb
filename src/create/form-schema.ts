import { z } from 'zod';
import {
  type CreateJobRequest,
  HYPERPARAMETER_CAMEL,
  HYPERPARAMETER_KEYS,
  type HyperparameterCamel,
  type HyperparameterKey,
  type Hyperparameters,
  JOB_TYPES,
  type JobType,
  type WandbIntegrationInput,
} from '../domain/job.js';
import type { FormDraft } from '../views/create-draft.js';
import { FORM_MSG } from '../views/form-messages.js';
import { FORM, type FormField } from '../views/ids.js';

/** The form fields that set a hyperparameter. */
type HyperField = Extract<FormField, HyperparameterCamel>;

import { readDraft } from './form-draft.js';
import { parseDecimal } from './parse-number.js';

export { FORM, type FormField } from '../views/ids.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SUFFIX = /^[a-zA-Z0-9_-]+$/;
export const WANDB_KEY_LENGTH = 40;
export const DEFAULT_LEARNING_RATE = 1e-4;

interface Bounds {
  integer?: boolean;
  min?: number;
  /** Exclusive lower bound. */
  above?: number;
  max?: number;
}

/**
 * Ceiling of every whole-number field: far above any real run, far below 2^53. The Mistral SDK
 * refuses unsafe integers before sending, which reached the user as an unreadable answer.
 */
export const MAX_WHOLE_NUMBER = 1_000_000_000;

export const tooLargeProblem = (max: number) =>
  `This number is too large: enter at most ${max.toLocaleString('en')}.`;

function describeBounds(b: Bounds): string {
  const kind = b.integer ? 'a whole number' : 'a number';
  if (b.min !== undefined && b.max !== undefined) return `Enter ${kind} from ${b.min} to ${b.max}.`;
  if (b.min !== undefined) return `Enter ${kind} ≥ ${b.min}.`;
  if (b.above !== undefined) return `Enter ${kind} > ${b.above}.`;
  return `Enter ${kind}.`;
}

/** Hyperparameter names in a backend's answer → the form field that sets each (the form has no `fim_ratio`). */
export const HYPERPARAMETER_FIELDS: Readonly<Record<string, HyperField>> = Object.fromEntries(
  HYPERPARAMETER_KEYS.flatMap((key) => {
    const field = HYPERPARAMETER_CAMEL[key];
    return field in FORM ? [[key, field as HyperField]] : [];
  }),
);

/** An optional numeric text field: empty means "not given"; anything else must parse and fit. */
function numberField(b: Bounds) {
  return z
    .string()
    .optional()
    .transform((raw, ctx): number | undefined => {
      if (raw === undefined || raw.trim() === '') return undefined;
      const parsed = parseDecimal(raw, { integer: b.integer });
      if (!parsed.ok) {
        ctx.addIssue({ code: 'custom', message: parsed.problem });
        return z.NEVER;
      }
      const v = parsed.value;
      if (b.integer && v > (b.max ?? MAX_WHOLE_NUMBER)) {
        ctx.addIssue({ code: 'custom', message: tooLargeProblem(b.max ?? MAX_WHOLE_NUMBER) });
        return z.NEVER;
      }
      const out =
        (b.min !== undefined && v < b.min) ||
        (b.above !== undefined && v <= b.above) ||
        (b.max !== undefined && v > b.max);
      if (out) {
        ctx.addIssue({ code: 'custom', message: describeBounds(b) });
        return z.NEVER;
      }
      return v;
    });
}

/** Optional free text: trimmed, empty = not given. */
const optionalText = (max: number, message: string) =>
  z
    .string()
    .optional()
    .transform((s) => (s === undefined || s.trim() === '' ? undefined : s.trim()))
    .refine((s) => s === undefined || s.length <= max, message);

/**
 * The one schema from the create modal to a `CreateJobRequest`. Bounds are the product's job
 * schema's, tightened where Mistral's API spec is stricter (test/create/hyperparameters-schema.test.ts
 * checks both): learning_rate 1e-8…1 (job schema: ≥ 0), weight_decay ≤ 1 (≥ 0), epochs > 0 (≥ 0),
 * seq_len ≥ 100 (any integer). suffix ≤ 18 with the spec's pattern, and the W&B key exactly 40
 * characters (the spec's `minLength`/`maxLength`).
 */
export const createFormSchema = z
  .object({
    model: z
      .string({ error: FORM_MSG.model })
      .trim()
      .min(1, FORM_MSG.model)
      .max(150, FORM_MSG.model)
      .regex(/^\S+$/, FORM_MSG.model),
    jobType: z.enum(JOB_TYPES, { error: FORM_MSG.jobType }).default('completion'),
    trainingFiles: z
      .array(z.string().regex(UUID, FORM_MSG.fileId))
      .min(1, FORM_MSG.trainingFiles)
      .max(100, FORM_MSG.trainingFiles),
    validationFiles: z.array(z.string().regex(UUID, FORM_MSG.fileId)).max(100),
    trainingSteps: numberField({ integer: true, min: 1 }),
    learningRate: numberField({ min: 1e-8, max: 1 }),
    weightDecay: numberField({ min: 0, max: 1 }),
    warmupFraction: numberField({ min: 0, max: 1 }),
    epochs: numberField({ above: 0 }),
    seqLen: numberField({ integer: true, min: 100 }),
    suffix: optionalText(18, FORM_MSG.suffix).refine(
      (s) => s === undefined || SUFFIX.test(s),
      FORM_MSG.suffix,
    ),
    wandbProject: optionalText(128, FORM_MSG.wandbText),
    wandbRun: optionalText(128, FORM_MSG.wandbText),
    // Only surrounding whitespace is forgiven: a key with inner spaces is a paste error.
    wandbKey: z
      .string()
      .optional()
      .transform((s) => (s === undefined || s.trim() === '' ? undefined : s.trim())),
    autoStart: z.boolean(),
    channel: z.string({ error: FORM_MSG.channel }).regex(/^[CGD][A-Z0-9]{2,}$/, FORM_MSG.channel),
  })
  .superRefine((f, ctx) => {
    if (f.trainingSteps === undefined && f.epochs === undefined) {
      ctx.addIssue({ code: 'custom', path: ['trainingSteps'], message: FORM_MSG.stepsOrEpochs });
      ctx.addIssue({ code: 'custom', path: ['epochs'], message: FORM_MSG.stepsOrEpochs });
    }
    if (f.validationFiles.some((id) => f.trainingFiles.includes(id))) {
      ctx.addIssue({ code: 'custom', path: ['validationFiles'], message: FORM_MSG.overlap });
    }
    const wantsWandb = f.wandbProject !== undefined || f.wandbRun !== undefined || f.wandbKey !== undefined;
    if (!wantsWandb) return;
    if (f.wandbProject === undefined) {
      ctx.addIssue({ code: 'custom', path: ['wandbProject'], message: FORM_MSG.wandbProject });
    }
    const keyProblem = wandbKeyProblem(f.wandbKey);
    if (keyProblem) ctx.addIssue({ code: 'custom', path: ['wandbKey'], message: keyProblem });
  })
  .transform((f): CreateForm => {
    const hyperparameters: Hyperparameters = { learning_rate: DEFAULT_LEARNING_RATE };
    for (const [key, field] of Object.entries(HYPERPARAMETER_FIELDS) as [HyperparameterKey, HyperField][]) {
      const value = f[field];
      if (value !== undefined) hyperparameters[key] = value;
    }
    const request: CreateJobRequest = {
      model: f.model,
      job_type: f.jobType as JobType,
      training_files: f.trainingFiles.map((file_id) => ({ file_id })),
      hyperparameters,
      auto_start: f.autoStart,
    };
    if (f.validationFiles.length > 0) request.validation_files = f.validationFiles;
    if (f.suffix !== undefined) request.suffix = f.suffix;
    if (f.wandbProject !== undefined && f.wandbKey !== undefined) {
      const wandb: WandbIntegrationInput = { type: 'wandb', project: f.wandbProject, api_key: f.wandbKey };
      if (f.wandbRun !== undefined) wandb.name = f.wandbRun;
      request.integrations = [wandb];
    }
    return { request, channel: f.channel, autoStart: f.autoStart };
  });

/** Never echoes the key: the messages only speak of its length and shape. */
function wandbKeyProblem(key: string | undefined): string | undefined {
  if (key === undefined) return FORM_MSG.wandbKeyMissing;
  if (/\s/.test(key)) return FORM_MSG.wandbKeySpaces;
  if (key.length === WANDB_KEY_LENGTH) return undefined;
  if (key.startsWith('wandb_v1_') || key.length === 86) return FORM_MSG.wandbKeyNewFormat;
  return FORM_MSG.wandbKeyLength(key.length);
}

export interface CreateForm {
  request: CreateJobRequest;
  /** Where the card and its updates go. */
  channel: string;
  autoStart: boolean;
}

/** `response_action: "errors"` payload: input block_id → one sentence. */
export type BlockErrors = Record<string, string>;

export type FormParse =
  | { ok: true; form: CreateForm; draft: FormDraft }
  | { ok: false; errors: BlockErrors; draft: FormDraft };

export function isFormField(key: unknown): key is FormField {
  return typeof key === 'string' && Object.hasOwn(FORM, key);
}

/** Reads `view.state.values` (any shape: it comes from the network) and checks it. */
export function parseCreateForm(values: unknown): FormParse {
  const draft = readDraft(values);
  const parsed = createFormSchema.safeParse(draft);
  if (parsed.success) return { ok: true, form: parsed.data, draft };
  const errors: BlockErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    const block = isFormField(field) ? FORM[field].block : FORM.model.block;
    errors[block] ??= issue.message;
  }
  return { ok: false, errors, draft };
}
