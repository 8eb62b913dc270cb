import type { CreateJobRequest } from '../../domain/job.js';
import { BackendError, type FieldProblem } from '../errors.js';

/** The body of `POST /fine_tuning/jobs` (the SDK's JobCreateParams, written out for what we send). */
export interface OpenAICreateBody {
  model: string;
  training_file: string;
  validation_file?: string;
  suffix?: string;
  method: { type: 'supervised'; supervised: { hyperparameters: { n_epochs?: number } } };
  integrations?: Array<{ type: 'wandb'; wandb: { project: string; name?: string } }>;
}

const NOT_TAKEN: Record<string, string> = {
  learning_rate:
    'this API takes a learning-rate multiplier of its own default, not an absolute learning rate',
  training_steps: 'this API trains for whole epochs, not a number of steps',
  weight_decay: 'this API has no weight decay setting',
  warmup_fraction: 'this API has no warmup setting',
  seq_len: 'this API has no sequence length setting',
  fim_ratio: 'this API has no fill-in-the-middle setting',
};

/**
 * What this API can express of a create request, or an `invalid_request` naming every field it
 * cannot: one training file, at most one validation file, epochs only, completion jobs. Refusing
 * beats dropping: a user must not believe a learning rate was applied when it was not.
 */
export function toCreateBody(r: CreateJobRequest): OpenAICreateBody {
  const problems: FieldProblem[] = [];
  if (r.training_files.length !== 1) {
    problems.push({ loc: ['training_files'], msg: 'exactly one training file is taken by this API' });
  }
  if ((r.validation_files?.length ?? 0) > 1) {
    problems.push({ loc: ['validation_files'], msg: 'at most one validation file is taken by this API' });
  }
  if (r.job_type === 'classifier') {
    problems.push({ loc: ['job_type'], msg: 'this API has no classifier jobs' });
  }
  for (const [key, why] of Object.entries(NOT_TAKEN)) {
    if (r.hyperparameters[key as keyof typeof r.hyperparameters] != null) {
      problems.push({ loc: ['hyperparameters', key], msg: why });
    }
  }
  const first = r.training_files[0];
  if (problems.length > 0 || !first) {
    throw new BackendError('invalid_request', 'the new job: not expressible on this API', {
      fieldProblems: problems,
    });
  }
  const epochs = r.hyperparameters.epochs;
  const body: OpenAICreateBody = {
    model: r.model,
    training_file: first.file_id,
    method: {
      type: 'supervised',
      supervised: { hyperparameters: epochs != null ? { n_epochs: epochs } : {} },
    },
  };
  const validation = r.validation_files?.[0];
  if (validation) body.validation_file = validation;
  if (r.suffix) body.suffix = r.suffix;
  if (r.integrations && r.integrations.length > 0) {
    // No field for the W&B key exists: the key is registered with the organisation, never sent.
    body.integrations = r.integrations.map((i) => {
      const name = i.name ?? i.run_name;
      return { type: 'wandb' as const, wandb: name ? { project: i.project, name } : { project: i.project } };
    });
  }
  return body;
}
