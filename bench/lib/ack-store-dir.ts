import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The file system type a path lives on: the longest mount point of /proc/mounts that holds it (Linux). */
export function fsTypeOf(path: string): string {
  let best = { mount: '', type: 'unknown' };
  for (const line of readFileSync('/proc/mounts', 'utf8').split('\n')) {
    const [, mount, type] = line.split(' ');
    if (!mount || !type) continue;
    const holds = mount === '/' || path === mount || path.startsWith(`${mount}/`);
    if (holds && mount.length > best.mount.length) best = { mount, type };
  }
  return best.type;
}

/**
 * A fresh folder for the app's SQLite store on a disk, as in production: the OS temp dir unless it is
 * a tmpfs (memory), then a folder under `fallbackParent`. Returns the folder and its file system type.
 */
export function diskStoreDir(prefix: string, fallbackParent: string): { dir: string; fsType: string } {
  const parent = fsTypeOf(tmpdir()) === 'tmpfs' ? fallbackParent : tmpdir();
  const dir = mkdtempSync(join(parent, prefix));
  return { dir, fsType: fsTypeOf(dir) };
}
