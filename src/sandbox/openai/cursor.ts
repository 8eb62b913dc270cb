import type { HttpResult } from '../http.js';
import { invalid } from './errors.js';

/**
 * OpenAI's cursor paging over a list already in answer order: the items after the one whose id is
 * `after`, at most `limit` of them, and whether more follow.
 */
export function cursorPage<T extends { id: string }>(
  items: readonly T[],
  query: URLSearchParams,
  defaultLimit: number,
  maxLimit = 100,
): { data: T[]; has_more: boolean } | HttpResult {
  const rawLimit = query.get('limit');
  const limit = rawLimit === null || rawLimit === '' ? defaultLimit : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1) return invalid('limit must be a positive integer', 'limit');
  const after = query.get('after');
  let start = 0;
  if (after) {
    const i = items.findIndex((x) => x.id === after);
    if (i < 0) return invalid(`No object with id ${after} to page after`, 'after');
    start = i + 1;
  }
  const data = items.slice(start, start + Math.min(limit, maxLimit));
  return { data, has_more: start + data.length < items.length };
}

export const isPage = <T>(
  p: { data: T[]; has_more: boolean } | HttpResult,
): p is { data: T[]; has_more: boolean } => 'has_more' in p;
