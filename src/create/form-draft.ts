import type { FormDraft, PublicDraft } from '../views/create-draft.js';
import { AUTO_START_VALUE, FORM, type FormField, UPLOAD } from '../views/ids.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The element state Slack sends for a field, or undefined when the payload lacks it (or is malformed). */
function element(values: unknown, field: FormField): Json | undefined {
  if (!isObject(values)) return undefined;
  const block = values[FORM[field].block];
  if (!isObject(block)) return undefined;
  const el = block[FORM[field].action];
  return isObject(el) ? el : undefined;
}

function text(values: unknown, field: FormField): string | undefined {
  const v = element(values, field)?.value;
  return typeof v === 'string' ? v : undefined;
}

function selected(values: unknown, field: FormField): string | undefined {
  const opt = element(values, field)?.selected_option;
  return isObject(opt) && typeof opt.value === 'string' ? opt.value : undefined;
}

/** A multi-select's options, or the one option of a single select (a provider taking one file). */
function selectedMany(values: unknown, field: FormField): string[] {
  const el = element(values, field);
  const opts = el?.selected_options ?? (el?.selected_option ? [el.selected_option] : undefined);
  if (!Array.isArray(opts)) return [];
  return opts.flatMap((o) => (isObject(o) && typeof o.value === 'string' ? [o.value] : []));
}

export function readDraft(values: unknown): FormDraft {
  const channel = element(values, 'channel')?.selected_conversation;
  return {
    model: selected(values, 'model'),
    jobType: selected(values, 'jobType'),
    trainingFiles: selectedMany(values, 'trainingFiles'),
    validationFiles: selectedMany(values, 'validationFiles'),
    trainingSteps: text(values, 'trainingSteps'),
    learningRate: text(values, 'learningRate'),
    weightDecay: text(values, 'weightDecay'),
    warmupFraction: text(values, 'warmupFraction'),
    epochs: text(values, 'epochs'),
    seqLen: text(values, 'seqLen'),
    suffix: text(values, 'suffix'),
    wandbProject: text(values, 'wandbProject'),
    wandbRun: text(values, 'wandbRun'),
    wandbKey: text(values, 'wandbKey'),
    autoStart: selectedMany(values, 'autoStart').includes(AUTO_START_VALUE),
    channel: typeof channel === 'string' ? channel : undefined,
    trainingUploads: uploadCount(values, 'training'),
    validationUploads: uploadCount(values, 'validation'),
  };
}

/** Files in a file input, however its state looks (the schema of payload-schemas.ts judges it). */
function uploadCount(values: unknown, field: 'training' | 'validation'): number {
  if (!isObject(values)) return 0;
  const block = values[UPLOAD[field].block];
  const el = isObject(block) ? block[UPLOAD[field].action] : undefined;
  return isObject(el) && Array.isArray(el.files) ? el.files.length : 0;
}

export function withoutSecret(draft: FormDraft): PublicDraft {
  const { wandbKey: _secret, ...rest } = draft;
  return rest;
}
