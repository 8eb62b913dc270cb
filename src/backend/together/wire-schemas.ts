import { z } from 'zod';

/**
 * Run-time checks of Together's answers (together-openapi.yaml). The SDK types are promises, not
 * checks: a malformed answer must become `bad_response`, never a half-filled job. Optional fields
 * are `nullish` because the list, create and cancel answers are truncated versions of the job.
 */
const num = z.number().nullish();
const str = z.string().nullish();

/** An ISO date-time string, as unix seconds. */
export const isoSeconds = z.string().transform((s, ctx) => {
  const ms = Date.parse(s);
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: 'custom', message: `not a date: ${s.slice(0, 40)}` });
    return z.NEVER;
  }
  return Math.floor(ms / 1000);
});

export const wireEvent = z.object({
  created_at: isoSeconds,
  type: str,
  message: str,
  level: str,
  step: num,
  total_steps: num,
  wandb_url: str,
  checkpoint_path: str,
  model_path: str,
  token_count: num,
});
export type WireEvent = z.infer<typeof wireEvent>;

/** FinetuneResponse and FinetuneResponseTruncated: the same object, more or fewer fields. */
export const wireJob = z.object({
  id: z.string().min(1),
  status: z.string().min(1),
  model: z.string().min(1),
  created_at: isoSeconds,
  updated_at: isoSeconds.nullish(),
  started_at: isoSeconds.nullish(),
  training_file: str,
  validation_file: str,
  model_output_name: str,
  suffix: str,
  n_epochs: num,
  learning_rate: num,
  warmup_ratio: num,
  weight_decay: num,
  max_seq_length: num,
  total_price: num,
  token_count: num,
  wandb_project_name: str,
  wandb_name: str,
  wandb_url: str,
  events: z.array(wireEvent).nullish(),
});
export type WireJob = z.infer<typeof wireJob>;

export const wireJobList = z.object({ data: z.array(wireJob) });
export const wireEventList = z.object({ data: z.array(wireEvent) });

export const wireCheckpointList = z.object({
  data: z.array(z.object({ step: z.number(), created_at: isoSeconds, path: str, checkpoint_type: str })),
});
export type WireCheckpoint = z.infer<typeof wireCheckpointList>['data'][number];

/** A flat dictionary of scalar metrics per logged step (`train/loss`, `train/global_step`, …). */
export const wireMetrics = z.object({ metrics: z.array(z.record(z.string(), z.unknown())) });
export type WireMetricRow = z.infer<typeof wireMetrics>['metrics'][number];

export const wireEstimate = z.object({
  estimated_total_price: num,
  allowed_to_proceed: z.boolean().nullish(),
  user_limit: num,
  estimated_train_token_count: num,
  estimated_eval_token_count: num,
});
export type WireEstimate = z.infer<typeof wireEstimate>;

export const wireFile = z.object({
  id: z.string().min(1),
  filename: z.string(),
  bytes: z.number(),
  purpose: z.string(),
  created_at: z.number(),
  // Not in the spec; the SDK types it on some answers. Used when present.
  line_count: num,
});
export type WireFile = z.infer<typeof wireFile>;
export const wireFileList = z.object({ data: z.array(wireFile) });

/** FileResponse from `POST /files/upload`: note the capitalised `FileType` and `Processed` keys. */
export const wireUploadedFile = wireFile.extend({
  object: z.literal('file').nullish(),
  FileType: str,
  Processed: z.boolean().nullish(),
});

export const wireSupportedModels = z.object({ models: z.array(z.string()) });
