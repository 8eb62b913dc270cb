import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { finishMachineInfo, machineInfo } from './lib/machine.js';
import { type SectionInput, writeReport } from './lib/report.js';
import { textTable } from './lib/table.js';
import type { Benchmark } from './lib/types.js';

/**
 * `npm run bench [-- filter…]`: runs bench/*.bench.ts (those whose name contains a filter, when given)
 * one after the other, prints a table each, and rewrites docs/BENCHMARKS.md.
 */
const here = dirname(fileURLToPath(import.meta.url));
const DOC = resolve(here, '../docs/BENCHMARKS.md');
// Over this a benchmark is too heavy for a shared 2-core machine; it is reported, not failed.
const BUDGET_SECONDS = 60;

const names = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.slice(0, -'.bench.ts'.length))
  .sort();
const filters = process.argv.slice(2).filter((a) => a !== '--');
const selected = filters.length ? names.filter((n) => filters.some((f) => n.includes(f))) : names;
if (selected.length === 0) {
  console.error(`No benchmark matches ${filters.join(', ')}. Known: ${names.join(', ')}`);
  process.exit(1);
}

const fresh: SectionInput[] = [];
let failed = 0;
for (const name of selected) {
  const machine = machineInfo();
  const t0 = performance.now();
  try {
    const mod: { default: Benchmark } = await import(pathToFileURL(join(here, `${name}.bench.ts`)).href);
    const bench = mod.default;
    console.log(`\n▶ ${bench.title} (${name})`);
    const result = await bench.run();
    const seconds = (performance.now() - t0) / 1000;
    console.log(textTable(result.measurements));
    for (const n of result.notes) console.log(`  · ${n}`);
    console.log(
      `  (${seconds.toFixed(1)} s${seconds > BUDGET_SECONDS ? `, over the ${BUDGET_SECONDS} s budget` : ''})`,
    );
    fresh.push({ name, bench, result, machine: finishMachineInfo(machine), seconds });
  } catch (err) {
    failed++;
    // A failed benchmark keeps its previous section in the doc rather than publishing partial numbers.
    console.error(`✗ ${name} failed:`, err);
  }
}

writeReport(DOC, fresh, names);
console.log(`\nWrote ${DOC} (${fresh.length} section(s) updated).`);
process.exit(failed ? 1 : 0);
