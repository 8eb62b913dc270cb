import { z } from 'zod';

/**
 * Run-time checks of what the OpenAI SDK hands back: it types answers but never checks them, and
 * Azure and Nebius add or drop fields. Objects are passthrough-lenient (unknown fields are fine),
 * strict on what the bot reads; a failure becomes `bad_response` in the adapter.
 */
const num = z.number().nullish();
const str = z.string().nullish();
/** `'auto'` or a number; anything else is a malformed answer. */
const autoOrNumber = z.union([z.literal('auto'), z.number()]).nullish();

const hyperparameters = z
  .object({ n_epochs: autoOrNumber, batch_size: autoOrNumber, learning_rate_multiplier: autoOrNumber })
  .nullish();

const wandbIntegration = z.object({
  type: z.string(),
  wandb: z.object({ project: z.string(), name: str, entity: str }).nullish(),
});

export const wireJob = z.object({
  id: z.string().min(1),
  model: z.string(),
  status: z.string().min(1),
  created_at: z.number(),
  finished_at: num,
  error: z.object({ code: str, message: str, param: str }).nullish(),
  fine_tuned_model: str,
  hyperparameters,
  method: z
    .object({
      type: z.string(),
      supervised: z.object({ hyperparameters }).nullish(),
    })
    .nullish(),
  training_file: z.string(),
  validation_file: str,
  integrations: z.array(wandbIntegration).nullish(),
  trained_tokens: num,
  estimated_finish: num,
  /** Not in OpenAI's job; Nebius documents it (and `trained_steps`). */
  suffix: str,
  total_steps: num,
  trained_steps: num,
});
export type WireJob = z.infer<typeof wireJob>;

export const wireEvent = z.object({
  id: z.string(),
  created_at: z.number(),
  level: z.string(),
  message: z.string(),
  type: str,
  data: z.record(z.string(), z.unknown()).nullish(),
});
export type WireEvent = z.infer<typeof wireEvent>;

export const wireCheckpoint = z.object({
  id: z.string(),
  created_at: z.number(),
  step_number: z.number(),
  metrics: z.object({ train_loss: num, valid_loss: num, valid_mean_token_accuracy: num }),
});
export type WireCheckpoint = z.infer<typeof wireCheckpoint>;

export const wireFile = z.object({
  id: z.string(),
  filename: z.string(),
  bytes: z.number(),
  purpose: z.string(),
  created_at: z.number(),
  /** Azure: `uploaded | pending | running | processed | error | …`; OpenAI marks it deprecated. */
  status: str,
  /** Why a file is in `error`, when the provider says. */
  status_details: str,
});

export const wireModel = z.object({ id: z.string().min(1), owned_by: str, created: num });

/** A cursor page as the SDK hands it over: its items are checked one by one. */
export const wirePage = z.object({ data: z.array(z.unknown()), has_more: z.boolean().nullish() });
