import type { InputBlock, PlainTextOption } from '@slack/types';
import { FORM, type FormField, UPLOAD, type UploadField } from './ids.js';
import { plain } from './kit.js';

/** Input blocks of the create form, keyed by the shared FORM ids. Labels and hints fit Slack's 2000. */
const LABEL = 2000;

interface Common {
  label: string;
  hint?: string;
  optional?: boolean;
}

function input(field: FormField, c: Common, element: InputBlock['element']): InputBlock {
  const block: InputBlock = {
    type: 'input',
    block_id: FORM[field].block,
    label: plain(c.label, LABEL),
    optional: c.optional ?? false,
    element,
  };
  if (c.hint) block.hint = plain(c.hint, LABEL);
  return block;
}

export function textInput(
  field: FormField,
  c: Common & { initial?: string; placeholder?: string; maxLength?: number },
): InputBlock {
  const el: InputBlock['element'] = { type: 'plain_text_input', action_id: FORM[field].action };
  if (c.maxLength !== undefined) el.max_length = c.maxLength;
  // Slack refuses an initial value longer than max_length, so a re-shown value is cut to fit.
  if (c.initial) el.initial_value = c.initial.slice(0, c.maxLength ?? 3000);
  if (c.placeholder) el.placeholder = plain(c.placeholder, 150);
  return input(field, c, el);
}

export function selectInput(
  field: FormField,
  c: Common & { options: PlainTextOption[]; initial?: string; placeholder: string },
): InputBlock {
  const el: InputBlock['element'] = {
    type: 'static_select',
    action_id: FORM[field].action,
    placeholder: plain(c.placeholder, 150),
    options: c.options,
  };
  const initial = c.options.find((o) => o.value === c.initial);
  if (initial) el.initial_option = initial;
  return input(field, c, el);
}

export function multiSelectInput(
  field: FormField,
  c: Common & { options: PlainTextOption[]; initial: string[]; placeholder: string; maxSelected?: number },
): InputBlock {
  const el: InputBlock['element'] = {
    type: 'multi_static_select',
    action_id: FORM[field].action,
    placeholder: plain(c.placeholder, 150),
    options: c.options,
  };
  if (c.maxSelected !== undefined) el.max_selected_items = c.maxSelected;
  const initial = c.options.filter((o) => o.value !== undefined && c.initial.includes(o.value));
  if (initial.length > 0) el.initial_options = initial;
  return input(field, c, el);
}

export function radioInput(
  field: FormField,
  c: Common & { options: PlainTextOption[]; initial?: string },
): InputBlock {
  const el: InputBlock['element'] = {
    type: 'radio_buttons',
    action_id: FORM[field].action,
    options: c.options,
  };
  const initial = c.options.find((o) => o.value === c.initial);
  if (initial) el.initial_option = initial;
  return input(field, c, el);
}

export function checkboxInput(
  field: FormField,
  c: Common & { option: PlainTextOption; checked: boolean },
): InputBlock {
  const el: InputBlock['element'] = {
    type: 'checkboxes',
    action_id: FORM[field].action,
    options: [c.option],
  };
  if (c.checked) el.initial_options = [c.option];
  return input(field, c, el);
}

export function channelInput(field: FormField, c: Common & { initial?: string }): InputBlock {
  const el: InputBlock['element'] = {
    type: 'conversations_select',
    action_id: FORM[field].action,
    placeholder: plain('Pick a channel', 150),
    filter: { include: ['public', 'private'], exclude_bot_users: true },
  };
  if (c.initial) el.initial_conversation = c.initial;
  return input(field, c, el);
}

/**
 * A `file_input` for one JSONL file (Slack: needs `files:read`, 10 MB at most). Slack cannot show a
 * file again in a re-opened form, so it has no initial value.
 */
export function fileInput(field: UploadField, c: Common): InputBlock {
  const block: InputBlock = {
    type: 'input',
    block_id: UPLOAD[field].block,
    label: plain(c.label, LABEL),
    optional: c.optional ?? true,
    element: { type: 'file_input', action_id: UPLOAD[field].action, filetypes: ['jsonl'], max_files: 1 },
  };
  if (c.hint) block.hint = plain(c.hint, LABEL);
  return block;
}
