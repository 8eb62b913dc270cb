import type { AnyBlock, View } from '@slack/types';
import { isRecord } from './args.js';

/**
 * The few structural rules Slack enforces with an error instead of a degraded message. Deeper Block Kit
 * checks belong to the pluggable `validatePayload` hook (schema-backed, supplied by tests).
 */
export function checkMessageBlocks(
  blocks: unknown,
): { blocks: AnyBlock[] } | { error: string; detail: string } {
  if (!Array.isArray(blocks)) return { error: 'invalid_blocks_format', detail: 'blocks must be an array' };
  if (blocks.length > 50)
    return { error: 'invalid_blocks', detail: `${blocks.length} blocks; a message allows 50` };
  const bad = blocks.findIndex((b) => !isRecord(b) || typeof b.type !== 'string');
  if (bad >= 0)
    return { error: 'invalid_blocks', detail: `block ${bad} has no type [json-pointer:/blocks/${bad}]` };
  return { blocks: blocks as AnyBlock[] };
}

export function checkView(view: unknown): { view: View } | { error: string; detail: string } {
  if (!isRecord(view)) return { error: 'invalid_arguments', detail: 'view must be an object' };
  if (view.type !== 'modal' && view.type !== 'home') {
    return {
      error: 'invalid_arguments',
      detail: `view.type must be modal or home, not ${String(view.type)}`,
    };
  }
  if (!Array.isArray(view.blocks))
    return { error: 'invalid_arguments', detail: 'view.blocks must be an array' };
  if (view.blocks.length > 100) {
    return { error: 'invalid_arguments', detail: `${view.blocks.length} blocks; a view allows 100` };
  }
  if (view.type === 'modal') {
    const title = isRecord(view.title) ? view.title.text : undefined;
    if (typeof title !== 'string' || title.length === 0 || title.length > 24) {
      return { error: 'invalid_arguments', detail: 'modal title must be plain_text of 1-24 characters' };
    }
    const hasInput = view.blocks.some((b) => isRecord(b) && b.type === 'input');
    if (hasInput && !isRecord(view.submit)) {
      return { error: 'invalid_arguments', detail: 'must define submit to use input block' };
    }
  }
  return { view: view as unknown as View };
}
