// `npm start`: build `dist/` when it is missing or stale, then run the compiled app in this same
// process (no wrapper process, no TypeScript at run time).
import { pathToFileURL } from 'node:url';
import { ENTRY, ensureBuilt } from './build.mjs';

try {
  if (ensureBuilt()) console.error('finetune-bot: compiled src/ to dist/');
} catch (err) {
  console.error(`finetune-bot could not build: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
await import(pathToFileURL(ENTRY).href);
