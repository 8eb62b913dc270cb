// `npm run build` compiles src/ to dist/ (a clean build); `npm start` (scripts/start.mjs) calls
// `ensureBuilt()` so dist/ is never missing or older than src/. Plain JavaScript on purpose: it runs
// under `node` before anything is compiled. `node scripts/build.mjs --if-stale` builds only when stale.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const ENTRY = join(ROOT, 'dist', 'main.js');
/**
 * How `npm start` runs the app (package.json's `start` says the same, tested): a 2 MB young
 * generation, never less (after a quiet spell V8 shrank it to a quarter, so the commands that came
 * next were collected several times as often while being acked: the ack benchmark's opening
 * bursts), old-space growth of 1.5× the live heap instead of up to 4×, and glibc's malloc held
 * to two arenas (it makes one per thread that allocates: V8's compiler and GC threads, libuv's pool).
 * Under a burst of commands (10,000 `/finetune watch` in 100 channels at once) the defaults grew the
 * V8 heap to ~300 MB around ~40 MB of live objects and the native heap by tens of MB of fragments;
 * with these the process stays under 200 MB (docs/BENCHMARKS.md). Benchmarks start the app with them.
 */
export const NODE_FLAGS = ['--min-semi-space-size=2', '--max-semi-space-size=2', '--heap-growing-percent=50'];
export const NODE_ENV = { MALLOC_ARENA_MAX: '2' };
const INPUTS = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];

/** Newest modification time (ms) of a file, or of every file under a folder. */
function newestMtime(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/** True when `dist/main.js` is missing or older than any source file or build setting. */
export function isStale(root = ROOT) {
  const entry = join(root, 'dist', 'main.js');
  if (!existsSync(entry)) return true;
  const built = statSync(entry).mtimeMs;
  return INPUTS.some((p) => existsSync(join(root, p)) && newestMtime(join(root, p)) > built);
}

/** The installed `tsc`, or undefined (a production install without devDependencies). */
function findTsc() {
  try {
    const pkg = createRequire(join(ROOT, 'package.json')).resolve('typescript/package.json');
    return join(dirname(pkg), 'bin', 'tsc');
  } catch {
    return undefined;
  }
}

/** `tsc -p tsconfig.build.json` into a clean `dist/` (so deleted sources leave no stale files). */
export function build() {
  const tsc = findTsc();
  if (!tsc) throw new Error('TypeScript is not installed: run `npm ci`, then `npm run build`');
  rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
  const r = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error(`the build failed (tsc exit ${r.status ?? r.signal})`);
}

/** Builds when stale; returns whether it did. */
export function ensureBuilt() {
  if (!isStale()) return false;
  if (!findTsc() && existsSync(ENTRY)) {
    // Installed without devDependencies after a build: run what was built rather than refuse.
    console.error(
      'finetune-bot: dist/ looks older than src/, but TypeScript is not installed; running dist/',
    );
    return false;
  }
  build();
  return true;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!process.argv.includes('--if-stale')) build();
  else if (!ensureBuilt()) console.error('dist/ is up to date');
}
