import { type Ctx, json, type Route } from '../http.js';
import type { SandboxStore } from '../store.js';
import { notFound } from './errors.js';
import { baseModelCards } from './models.js';
import { fineTunedName } from './serialize.js';

/** `GET /v1/models[/{id}]` in OpenAI's shape: bases plus one card per succeeded job. */
export function openaiModelRoutes(store: SandboxStore): Route[] {
  function cards(): Array<Record<string, unknown>> {
    const tuned = [...store.jobs.values()].flatMap((r) => {
      const d = store.derive(r);
      if (d.status !== 'SUCCESS') return [];
      return [
        {
          id: fineTunedName(r),
          object: 'model',
          created: Math.floor(d.modifiedAtMs / 1000),
          owned_by: 'sandbox-org',
        },
      ];
    });
    return [...baseModelCards(), ...tuned];
  }
  const find = (ctx: Ctx) => cards().find((c) => c.id === ctx.params[0]);
  return [
    {
      method: 'GET',
      path: /^\/v1\/models\/?$/,
      key: 'GET /v1/models',
      handle: () => json(200, { object: 'list', data: cards() }),
    },
    {
      method: 'GET',
      path: /^\/v1\/models\/(.+?)\/?$/,
      key: 'GET /v1/models/{id}',
      handle: (ctx) => {
        const card = find(ctx);
        return card ? json(200, card) : notFound('model', ctx.params[0] ?? '');
      },
    },
  ];
}
