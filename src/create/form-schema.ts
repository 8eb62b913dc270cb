import { z } from 'zod';
import type { BackendCapabilities, ProviderId } from '../backend/capabilities.js';
import {
  type CreateJobRequest,
  HYPERPARAMETER_CAMEL,
  HYPERPARAMETER_KEYS,
  type HyperparameterCamel,
  type HyperparameterKey,
  type Hyperparameters,
  type JobType,
  type WandbIntegrationInput,
} from '../domain/job.js';
import type { FormDraft } from '../views/create-draft.js';
import { suffixLimit } from '../views/create-form-parts.js';
import { FORM_MSG } from '../views/form-messages.js';
import { FORM, type FormField, UPLOAD } from '../views/ids.js';
import { readDraft } from './form-draft.js';
import { notShown, numberField } from './number-field.js';
import { wandbKeyProblem } from './wandb-key.js';

export { FORM, type FormField } from '../views/ids.js';
export { MAX_WHOLE_NUMBER, tooLargeProblem } from './number-field.js';

/** The form fields that set a hyperparameter. */
type HyperField = Extract<FormField, HyperparameterCamel>;

const SUFFIX = /^[a-zA-Z0-9_-]+$/;

/** Hyperparameter names in a backend's answer → the form field that sets each (the form has no `fim_ratio`). */
export const HYPERPARAMETER_FIELDS: Readonly<Record<string, HyperField>> = Object.fromEntries(
  HYPERPARAMETER_KEYS.flatMap((key) => {
    const field = HYPERPARAMETER_CAMEL[key];
    return field in FORM ? [[key, field as HyperField]] : [];
  }),
);

/** Used when a caller names no provider label (tests, tools); the app passes the backend's. */
const DEFAULT_LABEL: Record<ProviderId, string> = {
  mistral: 'Mistral',
  together: 'Together AI',
  openai: 'OpenAI',
};

/** Optional free text: trimmed, empty = not given. */
const optionalText = (max: number, message: string) =>
  z
    .string()
    .optional()
    .transform((s) => (s === undefined || s.trim() === '' ? undefined : s.trim()))
    .refine((s) => s === undefined || s.length <= max, message);

/** A number field when the provider takes this hyperparameter, else its state is ignored. */
function hyper(caps: BackendCapabilities, key: HyperparameterKey) {
  const bound = caps.hyperparameters[key];
  return bound ? numberField(bound) : notShown;
}

function files(caps: BackendCapabilities, label: string, kind: 'training' | 'validation') {
  const max = kind === 'training' ? caps.maxTrainingFiles : caps.maxValidationFiles;
  const list = z.array(z.string().regex(caps.fileIdPattern, FORM_MSG.fileId));
  // "At least one" is judged with the uploads, in superRefine: an uploaded file counts as picked.
  if (kind === 'training') return list.max(max, FORM_MSG.tooManyFiles(label, kind, max));
  // A provider without validation files gets no such field, so nothing there is read.
  if (max === 0) return z.unknown().transform((): string[] => []);
  return list.max(max, FORM_MSG.tooManyFiles(label, kind, max));
}

/** Only the job types the provider runs; with one, the form shows no choice and that one is sent. */
function jobType(caps: BackendCapabilities) {
  const [first, ...rest] = caps.jobTypes;
  if (first === undefined) throw new Error(`${caps.provider} declares no job type`);
  if (rest.length === 0) return z.unknown().transform((): JobType => first);
  return z.enum([first, ...rest], { error: FORM_MSG.jobType(caps.jobTypes) }).default(first);
}

/**
 * The one schema from the create modal to a `CreateJobRequest`, built from what the provider takes
 * (its adapter's capabilities): only its hyperparameters, with its bounds (Mistral's are checked
 * against its published spec in test/create/hyperparameters-schema.test.ts), its file id shape and
 * file counts, its job types, its suffix length (never above the product's 18) and its W&B key rule.
 * Fields the provider does not take are not in the form, so their state is ignored.
 */
export function buildCreateFormSchema(
  caps: BackendCapabilities,
  backendLabel = DEFAULT_LABEL[caps.provider],
) {
  const suffixMax = suffixLimit(caps);
  const perJobKey = caps.wandb.perJobKey;
  return z
    .object({
      model: z
        .string({ error: FORM_MSG.model })
        .trim()
        .min(1, FORM_MSG.model)
        .max(150, FORM_MSG.model)
        .regex(/^\S+$/, FORM_MSG.model),
      jobType: jobType(caps),
      trainingFiles: files(caps, backendLabel, 'training'),
      validationFiles: files(caps, backendLabel, 'validation'),
      trainingSteps: hyper(caps, 'training_steps'),
      learningRate: hyper(caps, 'learning_rate'),
      weightDecay: hyper(caps, 'weight_decay'),
      warmupFraction: hyper(caps, 'warmup_fraction'),
      epochs: hyper(caps, 'epochs'),
      seqLen: hyper(caps, 'seq_len'),
      suffix: optionalText(suffixMax, FORM_MSG.suffix(suffixMax)).refine(
        (s) => s === undefined || SUFFIX.test(s),
        FORM_MSG.suffix(suffixMax),
      ),
      wandbProject: optionalText(128, FORM_MSG.wandbText),
      wandbRun: optionalText(128, FORM_MSG.wandbText),
      wandbKey: perJobKey
        ? z
            .string()
            .optional()
            .transform((s) => (s === undefined || s.trim() === '' ? undefined : s.trim()))
        : notShown,
      autoStart: z.boolean(),
      channel: z.string({ error: FORM_MSG.channel }).regex(/^[CGD][A-Z0-9]{2,}$/, FORM_MSG.channel),
      trainingUploads: z.number().int().min(0).default(0),
      validationUploads: z.number().int().min(0).default(0),
    })
    .superRefine(
      (f, ctx) => {
        // An uploaded file counts as picked; said with every other problem (`when`), since a
        // refinement of the whole object would otherwise wait until every field is valid.
        const picked = Array.isArray(f.trainingFiles) ? f.trainingFiles.length : 0;
        const uploaded = typeof f.trainingUploads === 'number' ? f.trainingUploads : 0;
        if (picked + uploaded === 0)
          ctx.addIssue({ code: 'custom', path: ['trainingFiles'], message: FORM_MSG.trainingFiles });
      },
      { when: () => true },
    )
    .superRefine((f, ctx) => {
      uploadCounts(f, caps, backendLabel, ctx);
      if (caps.needsStepsOrEpochs && f.trainingSteps === undefined && f.epochs === undefined) {
        // Said under whichever of the two the provider takes (both, for Mistral).
        for (const [key, field] of [
          ['training_steps', 'trainingSteps'],
          ['epochs', 'epochs'],
        ] as const) {
          if (caps.hyperparameters[key])
            ctx.addIssue({ code: 'custom', path: [field], message: FORM_MSG.stepsOrEpochs });
        }
      }
      if (f.validationFiles.some((id) => f.trainingFiles.includes(id))) {
        ctx.addIssue({ code: 'custom', path: ['validationFiles'], message: FORM_MSG.overlap });
      }
      const wantsWandb = f.wandbProject !== undefined || f.wandbRun !== undefined || f.wandbKey !== undefined;
      if (!wantsWandb) return;
      if (f.wandbProject === undefined) {
        const message = perJobKey ? FORM_MSG.wandbProject : FORM_MSG.wandbProjectForRun;
        ctx.addIssue({ code: 'custom', path: ['wandbProject'], message });
      }
      if (!perJobKey) return;
      const keyProblem = wandbKeyProblem(f.wandbKey, caps.wandb, backendLabel);
      if (keyProblem) ctx.addIssue({ code: 'custom', path: ['wandbKey'], message: keyProblem });
    })
    .transform((f): CreateForm => {
      const hyperparameters: Hyperparameters = {};
      if (caps.hyperparameters.learning_rate && caps.defaultLearningRate !== undefined) {
        hyperparameters.learning_rate = caps.defaultLearningRate;
      }
      for (const [key, field] of Object.entries(HYPERPARAMETER_FIELDS) as [HyperparameterKey, HyperField][]) {
        const value = f[field];
        if (value !== undefined) hyperparameters[key] = value;
      }
      const request: CreateJobRequest = {
        model: f.model,
        job_type: f.jobType,
        training_files: f.trainingFiles.map((file_id) => ({ file_id })),
        hyperparameters,
        auto_start: f.autoStart,
      };
      if (f.validationFiles.length > 0) request.validation_files = f.validationFiles;
      if (f.suffix !== undefined) request.suffix = f.suffix;
      const integration = wandbIntegration(f.wandbProject, f.wandbRun, f.wandbKey, perJobKey);
      if (integration) request.integrations = [integration];
      return { request, channel: f.channel, autoStart: f.autoStart };
    });
}

/** A file uploaded beside picked ones must still fit the provider's file counts. */
function uploadCounts(
  f: {
    trainingFiles: string[];
    validationFiles: string[];
    trainingUploads: number;
    validationUploads: number;
  },
  caps: BackendCapabilities,
  label: string,
  ctx: z.RefinementCtx,
): void {
  if (f.trainingUploads > 0 && f.trainingFiles.length + f.trainingUploads > caps.maxTrainingFiles) {
    const message = FORM_MSG.tooManyWithUpload(label, 'training', caps.maxTrainingFiles);
    ctx.addIssue({ code: 'custom', path: ['trainingUploads'], message });
  }
  if (f.validationUploads === 0) return;
  if (caps.maxValidationFiles === 0) {
    ctx.addIssue({ code: 'custom', path: ['validationUploads'], message: FORM_MSG.noValidation(label) });
  } else if (f.validationFiles.length + f.validationUploads > caps.maxValidationFiles) {
    const message = FORM_MSG.tooManyWithUpload(label, 'validation', caps.maxValidationFiles);
    ctx.addIssue({ code: 'custom', path: ['validationUploads'], message });
  }
}

/**
 * The W&B integration, when asked for and complete. A provider that takes no key per job gets an
 * empty one (the drafts layer does the same): the key is the provider's account setting there.
 */
function wandbIntegration(
  project: string | undefined,
  run: string | undefined,
  key: string | undefined,
  perJobKey: boolean,
): WandbIntegrationInput | undefined {
  if (project === undefined) return undefined;
  if (perJobKey && key === undefined) return undefined;
  const wandb: WandbIntegrationInput = { type: 'wandb', project, api_key: perJobKey ? (key ?? '') : '' };
  if (run !== undefined) wandb.name = run;
  return wandb;
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

/** The file inputs' counts are judged under the file inputs. */
const UPLOAD_BLOCKS: Record<string, string> = {
  trainingUploads: UPLOAD.training.block,
  validationUploads: UPLOAD.validation.block,
};

export function isFormField(key: unknown): key is FormField {
  return typeof key === 'string' && Object.hasOwn(FORM, key);
}

/** Schemas are built once per capabilities object: a submit should not rebuild zod objects. */
const schemas = new WeakMap<BackendCapabilities, Map<string, ReturnType<typeof buildCreateFormSchema>>>();

function schemaFor(caps: BackendCapabilities, label: string) {
  const byLabel = schemas.get(caps) ?? new Map<string, ReturnType<typeof buildCreateFormSchema>>();
  schemas.set(caps, byLabel);
  const schema = byLabel.get(label) ?? buildCreateFormSchema(caps, label);
  byLabel.set(label, schema);
  return schema;
}

/** Reads `view.state.values` (any shape: it comes from the network) and checks it against the provider's rules. */
export function parseCreateForm(
  values: unknown,
  caps: BackendCapabilities,
  backendLabel = DEFAULT_LABEL[caps.provider],
): FormParse {
  const draft = readDraft(values);
  const parsed = schemaFor(caps, backendLabel).safeParse(draft);
  if (parsed.success) return { ok: true, form: parsed.data, draft };
  const errors: BlockErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    const block = isFormField(field) ? FORM[field].block : (UPLOAD_BLOCKS[String(field)] ?? FORM.model.block);
    errors[block] ??= issue.message;
  }
  return { ok: false, errors, draft };
}
