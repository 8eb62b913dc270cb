import { fmt } from './stats.js';
import { type Measurement, ratioOf } from './types.js';

const HEADERS = ['Metric', 'Ours', 'Baseline', 'Baseline value', 'Ratio (ours / baseline)'];

function cells(m: Measurement): string[] {
  const ratio = ratioOf(m);
  return [
    m.metric,
    `${fmt(m.ours)} ${m.unit}`,
    m.baseline?.label ?? '—',
    m.baseline ? `${fmt(m.baseline.value)} ${m.unit}` : '—',
    ratio === undefined ? '—' : `${fmt(ratio)}×`,
  ];
}

/** A fixed-width table for the terminal. */
export function textTable(rows: readonly Measurement[]): string {
  const grid = [HEADERS, ...rows.map(cells)];
  const widths = HEADERS.map((_, c) => Math.max(...grid.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) => r.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  ');
  return [
    line(HEADERS),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map((m) => line(cells(m))),
  ].join('\n');
}

export function markdownTable(rows: readonly Measurement[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const line = (r: string[]) => `| ${r.map(esc).join(' | ')} |`;
  return [
    line(HEADERS),
    `|${HEADERS.map(() => ' --- ').join('|')}|`,
    ...rows.map((m) => line(cells(m))),
  ].join('\n');
}
