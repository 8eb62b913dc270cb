import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createKeyvFactory, type KeyvFactory } from '../../src/store/keyv-factory.js';

const dirs: string[] = [];
const factories: KeyvFactory[] = [];
const storeErrors: unknown[] = [];

function open(url: string): KeyvFactory {
  const kv = createKeyvFactory(url, (e) => storeErrors.push(e));
  factories.push(kv);
  return kv;
}

afterEach(async () => {
  await Promise.all(factories.splice(0).map((f) => f.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('createKeyvFactory with a sqlite:// STORE_URL', () => {
  it('creates the missing directories on start, writes the file and keeps values across a restart', async () => {
    const root = mkdtempSync(join(tmpdir(), 'keyv-factory-'));
    dirs.push(root);
    const file = join(root, 'a', 'b', 'x.sqlite');
    expect(existsSync(join(root, 'a'))).toBe(false);

    const first = open(`sqlite://${file}`);
    await first.open<{ n: number }>('things').set('k', { n: 42 });
    expect(existsSync(file)).toBe(true);
    await first.close();

    // A new process over the same URL reads what the first one wrote.
    const second = open(`sqlite://${file}`);
    expect(await second.open<{ n: number }>('things').get('k')).toEqual({ n: 42 });
    expect(storeErrors).toEqual([]);
  });
});
