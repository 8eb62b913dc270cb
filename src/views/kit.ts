import type {
  ActionsBlock,
  Button,
  ConfirmationDialog,
  ContextBlock,
  HeaderBlock,
  MrkdwnElement,
  PlainTextElement,
  SectionBlock,
} from '@slack/types';
import { LIMITS } from './limits.js';
import { truncate, truncateMrkdwn } from './truncate.js';

/**
 * Block constructors that enforce Slack's limits as they build: every builder goes through these,
 * so no caller can produce text that Slack would reject. Empty text becomes "—" (Slack needs ≥ 1).
 */

const nonEmpty = (s: string) => (s.trim() === '' ? '—' : s);

export function mrkdwn(text: string, max: number = LIMITS.sectionText): MrkdwnElement {
  return { type: 'mrkdwn', text: truncateMrkdwn(nonEmpty(text), max) };
}

export function plain(text: string, max: number): PlainTextElement {
  return { type: 'plain_text', text: truncate(nonEmpty(text), max), emoji: true };
}

export function header(blockId: string, text: string): HeaderBlock {
  return { type: 'header', block_id: blockId, text: plain(text, LIMITS.headerText) };
}

export function section(blockId: string, text: string, accessory?: Button): SectionBlock {
  const block: SectionBlock = { type: 'section', block_id: blockId, text: mrkdwn(text) };
  if (accessory) block.accessory = accessory;
  return block;
}

/** One entry of a fields section: a bold label over its (already escaped) value. */
export const field = (label: string, value: string) => `*${label}*\n${value}`;

/** Fields beyond the tenth are dropped: callers order them by importance. */
export function fieldsSection(blockId: string, fields: string[], text?: string): SectionBlock {
  const block: SectionBlock = { type: 'section', block_id: blockId };
  // Slack needs text or at least one field.
  if (text !== undefined || fields.length === 0) block.text = mrkdwn(text ?? '');
  if (fields.length > 0)
    block.fields = fields.slice(0, LIMITS.sectionFields).map((f) => mrkdwn(f, LIMITS.fieldText));
  return block;
}

export function context(blockId: string, texts: string[]): ContextBlock {
  return {
    type: 'context',
    block_id: blockId,
    elements: texts.slice(0, LIMITS.contextElements).map((t) => mrkdwn(t)),
  };
}

export interface ButtonSpec {
  actionId: string;
  text: string;
  value: string;
  style?: 'primary' | 'danger';
  confirm?: ConfirmationDialog;
}

export function button(spec: ButtonSpec): Button {
  const b: Button = {
    type: 'button',
    action_id: spec.actionId,
    text: plain(spec.text, LIMITS.buttonText),
  };
  // Slack rejects an empty value; the handler then sees none, which it must handle anyway.
  if (spec.value !== '') b.value = truncate(spec.value, LIMITS.buttonValue);
  if (spec.style) b.style = spec.style;
  if (spec.confirm) b.confirm = spec.confirm;
  return b;
}

export function actions(blockId: string, buttons: Button[]): ActionsBlock {
  return { type: 'actions', block_id: blockId, elements: buttons.slice(0, LIMITS.actionsElements) };
}

export interface ConfirmSpec {
  title: string;
  text: string;
  confirm: string;
  deny: string;
  style?: 'primary' | 'danger';
}

export function confirmDialog(spec: ConfirmSpec): ConfirmationDialog {
  const dialog: ConfirmationDialog = {
    title: plain(spec.title, LIMITS.confirmTitle),
    text: mrkdwn(spec.text, LIMITS.confirmText),
    confirm: plain(spec.confirm, LIMITS.confirmButton),
    deny: plain(spec.deny, LIMITS.confirmButton),
  };
  if (spec.style) dialog.style = spec.style;
  return dialog;
}
