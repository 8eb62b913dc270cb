import type { CreateJobRequest } from '../../domain/job.js';
import { BackendError } from '../errors.js';

/** The create (and estimate-price) body in Together's wire format: flat fields, one file each. */
export interface TogetherCreateBody {
  model: string;
  training_file: string;
  validation_file?: string;
  n_epochs?: number;
  learning_rate?: number;
  warmup_ratio?: number;
  weight_decay?: number;
  max_seq_length?: number;
  n_evals?: number;
  suffix?: string;
  wandb_api_key?: string;
  wandb_project_name?: string;
  wandb_name?: string;
}

const defined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as T;

/**
 * Refuses what Together cannot take (more than one file, a classifier) before any request, with
 * the field named so the form can point at it.
 */
export function toTogetherCreate(r: CreateJobRequest): TogetherCreateBody {
  const [training, ...more] = r.training_files;
  if (!training || more.length > 0 || (training.weight !== undefined && training.weight !== 1)) {
    throw new BackendError('invalid_request', 'Together takes exactly one training file, unweighted', {
      fieldProblems: [{ loc: ['training_files'], msg: 'Together takes exactly one training file.' }],
    });
  }
  const validation = r.validation_files ?? [];
  if (validation.length > 1) {
    throw new BackendError('invalid_request', 'Together takes at most one validation file', {
      fieldProblems: [{ loc: ['validation_files'], msg: 'Together takes at most one validation file.' }],
    });
  }
  if (r.job_type && r.job_type !== 'completion') {
    throw new BackendError('invalid_request', 'Together has no classifier fine-tuning', {
      fieldProblems: [{ loc: ['job_type'], msg: 'Together fine-tunes completion models only.' }],
    });
  }
  const h = r.hyperparameters;
  const wandb = r.integrations?.[0];
  return defined({
    model: r.model,
    training_file: training.file_id,
    validation_file: validation[0],
    // Without evaluations Together never reads the validation file.
    n_evals: validation[0] ? 1 : undefined,
    n_epochs: h.epochs ?? undefined,
    learning_rate: h.learning_rate ?? undefined,
    warmup_ratio: h.warmup_fraction ?? undefined,
    weight_decay: h.weight_decay ?? undefined,
    max_seq_length: h.seq_len ?? undefined,
    suffix: r.suffix || undefined,
    wandb_api_key: wandb?.api_key,
    wandb_project_name: wandb?.project,
    wandb_name: wandb?.name ?? wandb?.run_name,
  });
}

/** The estimate-price body: the subset of the create body that route declares. */
export function toTogetherEstimate(b: TogetherCreateBody) {
  return defined({
    model: b.model,
    training_file: b.training_file,
    validation_file: b.validation_file,
    n_epochs: b.n_epochs,
    n_evals: b.n_evals,
  });
}
