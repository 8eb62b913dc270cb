// Where start-up memory goes: imports each module named on the command line in turn and prints the
// process RSS and V8 heap after each (after a GC). Run from the repo root with the app built:
//   node --expose-gc bench/lib/import-rss.mjs pino @slack/bolt zod @mistralai/mistralai ./dist/app.js
// A module's cost is the jump on its line; order matters, since shared dependencies are paid once.
import { pathToFileURL } from 'node:url';

const mb = (n) => (n / 2 ** 20).toFixed(1);
const show = (what) => {
  globalThis.gc?.();
  const m = process.memoryUsage();
  console.log(`${what.padEnd(50)} rss ${mb(m.rss)} MB  heap ${mb(m.heapUsed)} MB`);
};
show('node');
for (const mod of process.argv.slice(2)) {
  await import(mod.startsWith('.') ? pathToFileURL(mod).href : mod);
  show(mod);
}
