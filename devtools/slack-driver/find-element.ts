import { isRecord } from '../slack-standin/args.js';

export interface FoundElement {
  blockId: string;
  type: string;
  value?: string;
  text?: string;
}

/**
 * Finds the interactive element with this action_id in a blocks array (actions, section accessory, input),
 * so a simulated click carries the same block_id, type and value Slack would send. With `value`, the
 * element with that value (a list of rows whose buttons share one action_id).
 */
export function findElement(blocks: unknown, actionId: string, value?: string): FoundElement | undefined {
  if (!Array.isArray(blocks)) return undefined;
  for (const block of blocks) {
    if (!isRecord(block)) continue;
    const candidates = [
      ...(Array.isArray(block.elements) ? block.elements : []),
      block.accessory,
      block.element,
    ];
    for (const el of candidates) {
      if (!isRecord(el) || el.action_id !== actionId) continue;
      if (value !== undefined && el.value !== value) continue;
      const text = isRecord(el.text) && typeof el.text.text === 'string' ? el.text.text : undefined;
      return {
        blockId: typeof block.block_id === 'string' ? block.block_id : '',
        type: typeof el.type === 'string' ? el.type : 'button',
        ...(typeof el.value === 'string' ? { value: el.value } : {}),
        ...(text !== undefined ? { text } : {}),
      };
    }
  }
  return undefined;
}
