import type { FormDraft } from '../src/views/create-draft.js';
import { AUTO_START_VALUE, FORM, type FormField } from '../src/views/ids.js';

/**
 * What a person would enter in the create modal: the app's own draft (what the form reads back), with
 * every field optional and the job type one of the form's two choices.
 */
export type FormInput = Partial<Omit<FormDraft, 'jobType'>> & { jobType?: 'completion' | 'classifier' };

type ElementState = { type: string; [key: string]: unknown };
export type FormStateValues = Record<string, Record<string, ElementState>>;

const opt = (value: string) => ({ text: { type: 'plain_text', text: value, emoji: true }, value });

/**
 * The `view.state.values` Slack would send for this input: for tests, the demo and the benchmarks,
 * so they drive the real submit handler exactly as a person filling the form would.
 */
export function formStateValues(input: FormInput): FormStateValues {
  const values: FormStateValues = {};
  const set = (field: FormField, state: ElementState) => {
    values[FORM[field].block] = { [FORM[field].action]: state };
  };
  set('model', { type: 'static_select', selected_option: input.model ? opt(input.model) : null });
  set('jobType', { type: 'radio_buttons', selected_option: opt(input.jobType ?? 'completion') });
  set('trainingFiles', {
    type: 'multi_static_select',
    selected_options: (input.trainingFiles ?? []).map(opt),
  });
  set('validationFiles', {
    type: 'multi_static_select',
    selected_options: (input.validationFiles ?? []).map(opt),
  });
  const texts: [FormField, string | undefined][] = [
    ['trainingSteps', input.trainingSteps],
    ['learningRate', input.learningRate],
    ['weightDecay', input.weightDecay],
    ['warmupFraction', input.warmupFraction],
    ['epochs', input.epochs],
    ['seqLen', input.seqLen],
    ['suffix', input.suffix],
    ['wandbProject', input.wandbProject],
    ['wandbRun', input.wandbRun],
    ['wandbKey', input.wandbKey],
  ];
  // Slack sends `value: null` for an empty text input.
  for (const [field, value] of texts) set(field, { type: 'plain_text_input', value: value ?? null });
  set('autoStart', { type: 'checkboxes', selected_options: input.autoStart ? [opt(AUTO_START_VALUE)] : [] });
  set('channel', { type: 'conversations_select', selected_conversation: input.channel ?? null });
  return values;
}
