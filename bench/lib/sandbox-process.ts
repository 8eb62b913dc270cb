import { ensureBuilt } from '../../scripts/build.mjs';
import type { SandboxDialectName } from '../../src/sandbox/dialects.js';
import type { SandboxFaults, SandboxStats } from '../../src/sandbox/index.js';
import { SANDBOX_ENTRY } from './app-process.js';
import { type NodeProcess, startNodeProcess } from './node-process.js';

export interface SandboxProcess extends NodeProcess {
  /** http://127.0.0.1:PORT, without `/v1`. */
  url: string;
  setFaults(patch: Partial<SandboxFaults>): Promise<void>;
  /** Requests to /v1 by route key (`GET /v1/fine_tuning/jobs/{id}`) since the last reset, and `total`. */
  stats(): Promise<SandboxStats>;
  resetStats(): Promise<void>;
}

export interface SandboxProcessOptions {
  dialect: SandboxDialectName;
  /** SANDBOX_MAX_RUNNING: at most this many jobs train at once; the rest wait queued. */
  maxRunning?: number;
  /** False: SANDBOX_SEED=false, no sample files or jobs. */
  seed?: boolean;
  speed?: number;
}

/**
 * The sandbox as its own process (`node dist/sandbox/main.js`, i.e. `npm run sandbox` compiled), so
 * the app's process holds only the app. Driven through its admin routes (`/_sandbox/*`).
 */
export async function startSandboxProcess(o: SandboxProcessOptions): Promise<SandboxProcess> {
  ensureBuilt();
  const proc = await startNodeProcess({
    label: `sandbox (${o.dialect})`,
    args: [SANDBOX_ENTRY],
    env: {
      PATH: process.env.PATH ?? '',
      SANDBOX_PORT: '0',
      SANDBOX_DIALECT: o.dialect,
      SANDBOX_SPEED: String(o.speed ?? 1),
      ...(o.maxRunning === undefined ? {} : { SANDBOX_MAX_RUNNING: String(o.maxRunning) }),
      ...(o.seed === false ? { SANDBOX_SEED: 'false' } : {}),
    },
    ready: /listening on http:\/\/\S+/,
  });
  const url = /listening on (http:\/\/[^\s]+?)\s/.exec(proc.readyLine)?.[1];
  if (!url) {
    await proc.stop();
    throw new Error(`the sandbox said no URL: ${proc.readyLine}`);
  }
  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}/_sandbox/${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} /_sandbox/${path} answered ${res.status}: ${await res.text()}`);
    return res.json() as Promise<unknown>;
  };
  return {
    ...proc,
    url,
    async setFaults(patch) {
      await admin('POST', 'faults', patch);
    },
    stats: () => admin('GET', 'stats') as Promise<SandboxStats>,
    async resetStats() {
      await admin('POST', 'stats/reset');
    },
  };
}
