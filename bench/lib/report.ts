import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describeMachine, type MachineInfo } from './machine.js';
import { markdownTable } from './table.js';
import type { Benchmark, BenchResult } from './types.js';

export interface SectionInput {
  name: string;
  bench: Benchmark;
  result: BenchResult;
  machine: MachineInfo;
  seconds: number;
}

const HEADER = `# Benchmarks

Latest results of \`npm run bench\` (\`bench/run.ts\` rewrites this file; each section keeps the date of
its own latest run). Every benchmark measures its baseline **in the same run**, a bare app in a process of
its own (never beside the load generator, which would be no floor), so read the ratios: absolute numbers
move with the machine, ratios much less.

**Machine caveat.** These runs happen on a shared 2-core development machine while other engineers run
their test suites, so absolute latencies (p99 above all) are pessimistic and noisy. Each section records
the 1-minute load average at its start and end; a load above the core count means the numbers were taken
under contention. Benchmarks are kept short (each under a minute) for the same reason; the exceptions
are paced by Slack: the poller burst needs 100 posts at one per second (over 99 s), and the poller at scale
seeds 10,000 watches through slash commands (cards at one post per second per channel) and then waits for
poll passes 30 s apart; both sleep through most of it.

**Reproduce.** \`npm run bench\` runs every \`bench/*.bench.ts\`; \`npm run bench -- ack\` runs only the
files whose name contains \`ack\` (several filters allowed). Timing thresholds never go in unit tests:
correctness is tested in \`test/\`, speed is measured here.
`;

const start = (name: string) => `<!-- bench:${name} -->`;
const end = (name: string) => `<!-- /bench:${name} -->`;

export function renderSection(s: SectionInput): string {
  return [
    start(s.name),
    `## ${s.bench.title} (\`bench/${s.name}.bench.ts\`)`,
    '',
    s.bench.description,
    '',
    `_Run: ${describeMachine(s.machine)}; took ${s.seconds.toFixed(1)} s._`,
    '',
    markdownTable(s.result.measurements),
    '',
    ...s.result.notes.map((n) => `- ${n}`),
    end(s.name),
  ].join('\n');
}

/** Sections already in the file, by benchmark name, so a filtered run keeps the others' results. */
function existingSections(text: string): Map<string, string> {
  const found = new Map<string, string>();
  const re = /<!-- bench:([\w-]+) -->[\s\S]*?<!-- \/bench:\1 -->/g;
  for (const m of text.matchAll(re)) if (m[1]) found.set(m[1], m[0]);
  return found;
}

/** Rewrites the doc: the fresh sections replace their old versions; the rest stay as they were. */
export function writeReport(path: string, fresh: SectionInput[], knownNames: readonly string[]): void {
  const sections = existsSync(path)
    ? existingSections(readFileSync(path, 'utf8'))
    : new Map<string, string>();
  for (const s of fresh) sections.set(s.name, renderSection(s));
  // Benchmarks whose file is gone drop out; the order follows the file names.
  const body = knownNames.flatMap((n) => {
    const section = sections.get(n);
    return section ? [section] : [];
  });
  writeFileSync(path, `${HEADER}\n${body.join('\n\n')}\n`);
}
