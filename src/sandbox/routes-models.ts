import { type Ctx, detail, type HttpResult, json, type Route } from './http.js';
import { BASE_MODELS, type BaseModel } from './models.js';
import type { SandboxStore } from './store.js';

/** The catalogue's release date, only so `created` is a plausible fixed timestamp. */
const BASE_CREATED = 1717200000;

function baseCard(m: BaseModel): Record<string, unknown> {
  const fineTunable = !m.notFineTunable;
  return {
    id: m.id,
    object: 'model',
    created: BASE_CREATED,
    owned_by: 'mistralai',
    capabilities: {
      completion_chat: m.id !== 'mistral-embed',
      completion_fim: m.id === 'codestral-latest',
      function_calling: m.id !== 'mistral-embed',
      fine_tuning: fineTunable,
      vision: m.vision === true,
      classification: m.jobTypes.includes('classifier'),
    },
    name: m.name,
    description: m.description,
    max_context_length: m.maxContextLength,
    aliases: [],
    deprecation: null,
    deprecation_replacement_model: null,
    default_model_temperature: m.id === 'mistral-embed' ? null : 0.3,
    type: 'base',
  };
}

export function modelRoutes(store: SandboxStore): Route[] {
  /** One FTModelCard per SUCCESS job, derived on read like everything else. */
  function fineTunedCards(): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    for (const r of store.jobs.values()) {
      const d = store.derive(r);
      if (d.status !== 'SUCCESS' || !d.fineTunedModel || store.deletedModels.has(d.fineTunedModel)) continue;
      out.push({
        id: d.fineTunedModel,
        object: 'model',
        created: Math.floor(d.modifiedAtMs / 1000),
        owned_by: 'sandbox-org',
        capabilities: {
          completion_chat: r.jobType === 'completion',
          completion_fim: false,
          function_calling: false,
          fine_tuning: false,
          vision: false,
          classification: r.jobType === 'classifier',
        },
        name: null,
        description: null,
        max_context_length: 32768,
        aliases: [],
        deprecation: null,
        deprecation_replacement_model: null,
        default_model_temperature: null,
        type: 'fine-tuned',
        job: r.id,
        root: r.model,
        archived: false,
      });
    }
    return out;
  }

  const allCards = () => [...BASE_MODELS.map(baseCard), ...fineTunedCards()];
  const find = (ctx: Ctx) => allCards().find((c) => c.id === ctx.params[0]);

  return [
    {
      method: 'GET',
      path: /^\/v1\/models\/?$/,
      key: 'GET /v1/models',
      handle: () => json(200, { object: 'list', data: allCards() }),
    },
    {
      method: 'GET',
      path: /^\/v1\/models\/(.+?)\/?$/,
      key: 'GET /v1/models/{id}',
      handle: (ctx): HttpResult => {
        const card = find(ctx);
        return card ? json(200, card) : detail(404, `Model ${ctx.params[0]} not found.`);
      },
    },
    {
      method: 'DELETE',
      path: /^\/v1\/models\/(.+?)\/?$/,
      key: 'DELETE /v1/models/{id}',
      handle: (ctx): HttpResult => {
        const card = find(ctx);
        if (!card) return detail(404, `Model ${ctx.params[0]} not found.`);
        if (card.type !== 'fine-tuned') return detail(403, 'Base models cannot be deleted.');
        store.deletedModels.add(String(card.id));
        return json(200, { id: card.id, object: 'model', deleted: true });
      },
    },
  ];
}
