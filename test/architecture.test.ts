import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every relative import (type-only ones too) of every file under src/, resolved to a path. */
const SRC = resolve(import.meta.dirname, '../src');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const imports = filesUnder(SRC).flatMap((file) =>
  [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => ({
    file: relative(SRC, file),
    target: relative(SRC, resolve(dirname(file), m[1] as string)),
  })),
);

/** The folder of src/ a path is in; files at the top of src/ (app.ts, main.ts, config.ts) have none. */
const folderOf = (path: string) => (path.includes(sep) ? path.split(sep)[0] : undefined);

describe('the layout of src/', () => {
  it('imports nothing from outside src/ (devtools/ and test/ are not production)', () => {
    expect(imports.filter((i) => i.target.startsWith('..'))).toEqual([]);
  });

  it('has no two folders that import each other', () => {
    const edges = new Set<string>();
    for (const i of imports) {
      const a = folderOf(i.file);
      const b = folderOf(i.target);
      if (a && b && a !== b) edges.add(`${a} -> ${b}`);
    }
    const both = [...edges].filter((e) => {
      const [a, b] = e.split(' -> ');
      return edges.has(`${b} -> ${a}`);
    });
    expect(both).toEqual([]);
  });

  it('keeps the top-level files out of the folders: only app.ts and main.ts wire them', () => {
    const intoTop = imports.filter((i) => folderOf(i.target) === undefined && folderOf(i.file) !== undefined);
    expect(intoTop.map((i) => `${i.file} -> ${i.target}`)).toEqual([]);
  });
});
