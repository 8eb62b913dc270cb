import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

/** redis-server on PATH? Without it Redis tests skip locally, but CI (which installs it) must fail. */
export const HAS_REDIS = spawnSync('redis-server', ['--version']).status === 0;
export const REDIS_SKIP = !HAS_REDIS && !process.env.CI;
export const REDIS_SKIP_REASON =
  'redis-server is not on PATH; Redis tests skipped (CI installs it and runs them).';

if (REDIS_SKIP && !process.env.FINETUNE_REDIS_WARNED) {
  process.env.FINETUNE_REDIS_WARNED = '1';
  console.warn(`[tests] ${REDIS_SKIP_REASON}`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface RedisServer {
  url: string;
  stop(): Promise<void>;
}

/** A throwaway redis-server (no persistence) on a free port, stopped by its pid. */
export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), 10_000);
    child.once('error', reject);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += String(chunk);
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null || child.pid === undefined) return;
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(child.pid, 'SIGTERM');
      await exited;
    },
  };
}
