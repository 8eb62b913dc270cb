import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `../shared` (public schemas) sits beside the project on developer machines and in CI, but not in a
 * user's fresh clone. Tests that need it skip with this reason when it is absent.
 */
const here = dirname(fileURLToPath(import.meta.url));
export const SHARED_DIR = resolve(here, '../../../shared');
export const HAS_SHARED = existsSync(resolve(SHARED_DIR, 'schemas'));
export const SHARED_SKIP_REASON =
  '../shared is absent (a fresh clone has no shared schemas); schema checks skipped. CI always has it.';

if (!HAS_SHARED && !process.env.FINETUNE_SHARED_WARNED) {
  process.env.FINETUNE_SHARED_WARNED = '1';
  console.warn(`[tests] ${SHARED_SKIP_REASON}`);
}

export function sharedPath(rel: string): string {
  return resolve(SHARED_DIR, rel);
}
