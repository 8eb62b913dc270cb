import { patchFaults } from './faults.js';
import { detail, json, type Route } from './http.js';
import type { SandboxFaults, SandboxStats } from './types.js';

export interface AdminDeps {
  faults: SandboxFaults;
  stats(): SandboxStats;
  resetStats(): void;
  removeJob(id: string): boolean;
  /** The problems with the shape (empty: applied), or undefined when there is no such job. */
  shapeJob(id: string, shape: unknown): string[] | undefined;
}

/** `/_sandbox/*`: lets another process (the bot, a benchmark) drive faults and read counters. */
export function adminRoutes(deps: AdminDeps): Route[] {
  return [
    {
      method: 'GET',
      path: /^\/_sandbox\/faults\/?$/,
      key: 'GET /_sandbox/faults',
      handle: () => json(200, deps.faults),
    },
    {
      method: 'POST',
      path: /^\/_sandbox\/faults\/?$/,
      key: 'POST /_sandbox/faults',
      handle: (ctx) => {
        let patch: unknown;
        try {
          patch = JSON.parse(ctx.body.toString('utf8') || '{}');
        } catch {
          return detail(422, 'Malformed JSON body.');
        }
        const errors = patchFaults(deps.faults, patch);
        return errors.length > 0 ? detail(422, errors.join('; ')) : json(200, deps.faults);
      },
    },
    {
      method: 'GET',
      path: /^\/_sandbox\/stats\/?$/,
      key: 'GET /_sandbox/stats',
      handle: () => json(200, deps.stats()),
    },
    {
      method: 'POST',
      path: /^\/_sandbox\/stats\/reset\/?$/,
      key: 'POST /_sandbox/stats/reset',
      handle: () => {
        deps.resetStats();
        return json(200, deps.stats());
      },
    },
    {
      method: 'POST',
      path: /^\/_sandbox\/jobs\/([^/]+)\/shape\/?$/,
      key: 'POST /_sandbox/jobs/{id}/shape',
      handle: (ctx) => {
        const id = ctx.params[0] ?? '';
        let shape: unknown;
        try {
          shape = JSON.parse(ctx.body.toString('utf8') || '{}');
        } catch {
          return detail(422, 'Malformed JSON body.');
        }
        const errors = deps.shapeJob(id, shape);
        if (errors === undefined) return detail(404, `Job ${id} not found.`);
        return errors.length > 0 ? detail(422, errors.join('; ')) : json(200, { id, shaped: true });
      },
    },
    {
      method: 'DELETE',
      path: /^\/_sandbox\/jobs\/([^/]+)\/?$/,
      key: 'DELETE /_sandbox/jobs/{id}',
      handle: (ctx) => {
        const id = ctx.params[0] ?? '';
        return deps.removeJob(id) ? json(200, { id, deleted: true }) : detail(404, `Job ${id} not found.`);
      },
    },
  ];
}
