import type { AnyBlock, View } from '@slack/types';

/**
 * Block Kit to readable plain text, for the demo's transcript and for test failure messages. Pure; knows
 * the blocks the app uses and degrades to `[<type>]` for anything else instead of failing.
 */

type Obj = Record<string, unknown>;

const DIVIDER = '-'.repeat(40);

export function renderMessageText(message: {
  text?: string;
  blocks?: readonly AnyBlock[] | unknown[];
}): string {
  const blocks = message.blocks ?? [];
  if (blocks.length === 0) return mrkdwnToText(message.text ?? '');
  return renderBlocks(blocks);
}

export function renderViewText(view: View | Obj): string {
  const v = view as Obj;
  const lines: string[] = [];
  const title = textOf(v.title);
  if (title) lines.push(`[ ${title} ]`);
  const body = renderBlocks(Array.isArray(v.blocks) ? v.blocks : []);
  if (body) lines.push(body);
  const buttons = [textOf(v.close), textOf(v.submit)].filter(Boolean).map((t) => `[${t}]`);
  if (buttons.length) lines.push(buttons.join(' '));
  return lines.join('\n');
}

/**
 * Slack mrkdwn escapes to plain text: links, mentions, dates (their fallback) and the three HTML entities.
 * Emphasis markers (*bold*, _italic_) stay: they read fine as text.
 */
export function mrkdwnToText(s: string): string {
  return s
    .replace(/<([^<>]+)>/g, (_m, inner: string) => renderAngle(inner))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function renderAngle(inner: string): string {
  const bar = inner.indexOf('|');
  const target = bar >= 0 ? inner.slice(0, bar) : inner;
  const label = bar >= 0 ? inner.slice(bar + 1) : undefined;
  if (target.startsWith('!date^')) return label ?? target;
  if (target.startsWith('!subteam^')) return label ?? `@${target.slice('!subteam^'.length)}`;
  if (target.startsWith('!')) return `@${target.slice(1)}`;
  if (target.startsWith('@')) return label ? `@${label.replace(/^@/, '')}` : target;
  if (target.startsWith('#')) return label ? `#${label}` : target;
  return label && label !== target ? `${label} (${target})` : target;
}

function renderBlocks(blocks: readonly unknown[]): string {
  return blocks
    .map((b) => renderBlock(isObj(b) ? b : {}))
    .filter((s) => s !== '')
    .join('\n');
}

function renderBlock(b: Obj): string {
  switch (b.type) {
    case 'header':
      return `# ${textOf(b.text)}`;
    case 'section':
      return renderSection(b);
    case 'context':
      return arr(b.elements)
        .map((e) => (e.type === 'image' ? `[${String(e.alt_text ?? 'image')}]` : textOf(e)))
        .filter(Boolean)
        .join(' · ');
    case 'divider':
      return DIVIDER;
    case 'actions':
      return arr(b.elements).map(renderElement).join(' ');
    case 'input':
      return renderInput(b);
    case 'image':
      return `[image: ${String(b.alt_text ?? '')}]`;
    case 'markdown':
      return typeof b.text === 'string' ? b.text : '';
    case 'rich_text':
      return arr(b.elements).map(richText).join('\n');
    default:
      return `[${String(b.type ?? 'unknown')} block]`;
  }
}

function renderSection(b: Obj): string {
  const lines: string[] = [];
  const text = textOf(b.text);
  const accessory = isObj(b.accessory) ? renderElement(b.accessory) : '';
  if (text || accessory) lines.push([text, accessory].filter(Boolean).join(' '));
  for (const f of arr(b.fields)) lines.push(textOf(f));
  return lines.join('\n');
}

function renderInput(b: Obj): string {
  const label = textOf(b.label);
  const optional = b.optional === true ? ' (optional)' : '';
  const el = isObj(b.element) ? b.element : {};
  const hint = textOf(b.hint);
  return `${label}${optional}: <${describeInputElement(el)}>${hint ? `\n  ${hint}` : ''}`;
}

function describeInputElement(el: Obj): string {
  const type = String(el.type ?? 'element');
  const initial =
    typeof el.initial_value === 'string'
      ? `"${el.initial_value}"`
      : isObj(el.initial_option)
        ? textOf(el.initial_option.text)
        : Array.isArray(el.initial_options)
          ? arr(el.initial_options)
              .map((o) => textOf(o.text))
              .join(', ')
          : (stringField(el, 'initial_conversation') ??
            stringField(el, 'initial_user') ??
            textOf(el.placeholder));
  return initial ? `${type}: ${initial}` : type;
}

function renderElement(el: Obj): string {
  switch (el.type) {
    case 'button':
      return `[${textOf(el.text)}]`;
    case 'overflow':
      return '[...]';
    case 'image':
      return `[image: ${String(el.alt_text ?? '')}]`;
    default: {
      const shown = isObj(el.initial_option) ? textOf(el.initial_option.text) : textOf(el.placeholder);
      return `[${shown || String(el.type ?? 'element')} v]`;
    }
  }
}

function richText(el: Obj): string {
  if (Array.isArray(el.elements)) {
    const inner = arr(el.elements).map(richText).join('');
    return el.type === 'rich_text_list'
      ? arr(el.elements)
          .map((e) => `• ${richText(e)}`)
          .join('\n')
      : inner;
  }
  switch (el.type) {
    case 'text':
      return String(el.text ?? '');
    case 'link':
      return el.text ? `${String(el.text)} (${String(el.url)})` : String(el.url ?? '');
    case 'user':
      return `@${String(el.user_id ?? '')}`;
    case 'channel':
      return `#${String(el.channel_id ?? '')}`;
    case 'emoji':
      return `:${String(el.name ?? '')}:`;
    default:
      return '';
  }
}

/** Text of a text object (plain_text as is, mrkdwn converted) or of a bare string. */
function textOf(t: unknown): string {
  if (typeof t === 'string') return t;
  if (!isObj(t) || typeof t.text !== 'string') return '';
  return t.type === 'mrkdwn' ? mrkdwnToText(t.text) : t.text;
}

function stringField(o: Obj, key: string): string | undefined {
  return typeof o[key] === 'string' ? (o[key] as string) : undefined;
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function arr(v: unknown): Obj[] {
  return Array.isArray(v) ? v.filter(isObj) : [];
}
