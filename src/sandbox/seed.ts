import type { JobType } from '../domain/job.js';
import { PHASE_MS } from './lifecycle.js';
import type { SandboxStore } from './store.js';
import type { JobRecord } from './types.js';
import type { CreateInput } from './validation.js';

/** How the seeded jobs fit a provider other than Mistral (see `SandboxDialect.seed`). */
export interface SeedProfile {
  /** The provider's name for each Mistral base model the seed is written with. */
  modelFor?: (mistralModel: string) => string;
  /** False: the provider starts every job on create, so no seeded job waits for a start. */
  startGate?: boolean;
  /** Job types the provider trains; seeded jobs of other types are left out. */
  jobTypes?: readonly JobType[];
}

const enc = new TextEncoder();
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const TOPICS = ['password reset', 'invoice copy', 'API quota', 'SSO setup', 'data export', 'billing address'];

/** A realistic support-bot chat sample; deterministic so seeded file sizes (and costs) are stable. */
function chatLine(i: number): string {
  const topic = TOPICS[i % TOPICS.length] ?? 'account';
  return JSON.stringify({
    messages: [
      { role: 'system', content: 'You are the Acme support assistant. Answer briefly and politely.' },
      { role: 'user', content: `Hi, I need help with my ${topic} (ticket #${1000 + i}).` },
      {
        role: 'assistant',
        content: `Of course! For a ${topic}, open Settings → Account and follow the steps; ticket #${1000 + i} is now linked.`,
      },
    ],
  });
}

function classifierLine(i: number): string {
  const priority = ['low', 'medium', 'high'][i % 3] ?? 'low';
  return JSON.stringify({
    text: `Customer writes about ${TOPICS[i % TOPICS.length]} (case ${i}).`,
    labels: { priority },
  });
}

const lines = (n: number, f: (i: number) => string) =>
  enc.encode(`${Array.from({ length: n }, (_, i) => f(i)).join('\n')}\n`);

function input(model: string, files: string[], extra: Partial<CreateInput> = {}): CreateInput {
  return {
    model,
    jobType: 'completion',
    trainingFiles: files.map((file_id) => ({ file_id, weight: 1 })),
    validationFiles: [],
    suffix: null,
    integrations: [],
    autoStart: true,
    hyperparameters: {
      training_steps: 10,
      learning_rate: 0.0001,
      weight_decay: 0.1,
      warmup_fraction: 0.05,
      epochs: null,
      seq_len: null,
      fim_ratio: 0.9,
    },
    classifierTargets: null,
    ...extra,
  };
}

/** Time from creation until RUNNING starts, for an auto-start job, at this speed. */
function leadIn(speed: number): number {
  return (PHASE_MS.queued + PHASE_MS.validating + PHASE_MS.validatedAutoStart + PHASE_MS.started) / speed;
}

/**
 * Sample files and one job in each interesting state, so a fresh sandbox already shows what the
 * bot can display. Timestamps lie in the past and agree with each job's state.
 */
export function seedSandbox(store: SandboxStore, profile: SeedProfile = {}): void {
  const add = (job: CreateInput, extra: Partial<JobRecord>) => {
    if (profile.jobTypes && !profile.jobTypes.includes(job.jobType)) return;
    const model = profile.modelFor?.(job.model) ?? job.model;
    store.createJob({ ...job, model, autoStart: profile.startGate === false || job.autoStart }, extra);
  };
  const now = store.now();
  const s = store.speed;
  const at = (ms: number) => ({ createdAtMs: now - ms });
  const train = store.addFile({
    filename: 'support-chat-train.jsonl',
    purpose: 'fine-tune',
    content: lines(150, chatLine),
    createdAtMs: now - 3 * DAY,
  });
  const valid = store.addFile({
    filename: 'support-chat-valid.jsonl',
    purpose: 'fine-tune',
    content: lines(20, (i) => chatLine(i + 500)),
    createdAtMs: now - 3 * DAY + MIN,
  });
  const cls = store.addFile({
    filename: 'ticket-priority.jsonl',
    purpose: 'fine-tune',
    content: lines(60, classifierLine),
    createdAtMs: now - 2 * DAY,
  });
  const broken = store.addFile({
    filename: 'broken-train.jsonl',
    purpose: 'fine-tune',
    content: enc.encode(
      `${chatLine(1)}\n${chatLine(2)}\n{"messages": [{"role": "user", "content": "unterminated\n${chatLine(4)}\n`,
    ),
    createdAtMs: now - 4 * HOUR,
  });
  store.addFile({
    filename: 'nightly-batch.jsonl',
    purpose: 'batch',
    content: lines(5, (i) =>
      JSON.stringify({ custom_id: `r${i}`, body: { messages: [{ role: 'user', content: 'ping' }] } }),
    ),
    createdAtMs: now - DAY,
  });

  const seeded = { createdByMe: false };
  const wandb = [{ type: 'wandb' as const, project: 'support-bot', name: 'sft-v1', run_name: 'sft-v1-run' }];
  add(
    input('open-mistral-7b', [train.id], {
      suffix: 'support-bot',
      integrations: wandb,
      validationFiles: [valid.id],
    }),
    { ...seeded, ...at(2 * DAY) },
  );
  add(
    input('ministral-3b-latest', [cls.id], {
      jobType: 'classifier',
      suffix: 'ticket-priority',
      hyperparameters: {
        training_steps: 20,
        learning_rate: 0.0001,
        weight_decay: 0.1,
        warmup_fraction: 0.05,
        epochs: null,
        seq_len: null,
      },
    }),
    { ...seeded, ...at(DAY + 3 * HOUR) },
  );
  // 300 steps: 15 minutes of live progress at speed 1, currently 40 % through.
  const runningSteps = 300;
  add(
    input('mistral-small-latest', [train.id], {
      suffix: 'support-small',
      validationFiles: [valid.id],
      integrations: [{ type: 'wandb', project: 'support-bot', name: 'small-v2', run_name: null }],
      hyperparameters: {
        training_steps: runningSteps,
        learning_rate: 0.0001,
        weight_decay: 0.1,
        warmup_fraction: 0.05,
        epochs: null,
        seq_len: null,
        fim_ratio: 0.9,
      },
    }),
    { ...seeded, ...at(leadIn(s) + (0.4 * runningSteps * PHASE_MS.step) / s) },
  );
  add(input('codestral-latest', [train.id], { suffix: 'code-review', autoStart: false }), {
    ...seeded,
    ...at(20 * MIN),
  });
  add(input('open-mistral-nemo', [train.id], { suffix: 'nemo-trial' }), {
    ...seeded,
    ...at(1000 / s),
  });
  add(input('open-mistral-7b', [broken.id], { suffix: 'broken-data' }), {
    ...seeded,
    ...at(3 * HOUR),
  });
  const cancelledAt = now - DAY;
  add(
    input('mistral-large-latest', [train.id], {
      suffix: 'large-try',
      hyperparameters: {
        training_steps: 40,
        learning_rate: 0.00005,
        weight_decay: 0.1,
        warmup_fraction: 0.05,
        epochs: null,
        seq_len: null,
        fim_ratio: 0.9,
      },
    }),
    {
      ...seeded,
      createdAtMs: cancelledAt,
      cancelRequestedAtMs: cancelledAt + leadIn(s) + (12 * PHASE_MS.step) / s,
    },
  );
  add(
    input('ministral-8b-latest', [train.id], {
      suffix: 'eight-b',
      hyperparameters: {
        training_steps: 20,
        learning_rate: 0.0001,
        weight_decay: 0.1,
        warmup_fraction: 0.05,
        epochs: null,
        seq_len: null,
        fim_ratio: 0.9,
      },
    }),
    {
      ...seeded,
      ...at(5 * HOUR),
      failAtStep: 7,
    },
  );
}

/** Benchmark load: `active` long-running jobs plus terminal ones, sharing one small file. */
export function addSyntheticJobs(
  store: SandboxStore,
  opts: { count: number; active: number; model?: string; idPrefix?: string },
): string[] {
  // Tests of "ambiguous prefix" need ids that share a prefix; hex only, at most 8 characters.
  const prefix = (opts.idPrefix ?? '').toLowerCase();
  if (!/^[0-9a-f]{0,8}$/.test(prefix)) throw new Error('idPrefix must be at most 8 hex digits');
  const model = opts.model ?? 'open-mistral-7b';
  const file = store.addFile({
    filename: 'synthetic-train.jsonl',
    purpose: 'fine-tune',
    content: lines(10, chatLine),
  });
  const now = store.now();
  const s = store.speed;
  const ids: string[] = [];
  const count = Math.max(0, Math.floor(opts.count));
  const active = Math.min(count, Math.max(0, Math.floor(opts.active)));
  for (let i = 0; i < count; i++) {
    const running = i < active;
    const hp = {
      training_steps: running ? 10_000_000 : 10,
      learning_rate: 0.0001,
      weight_decay: 0.1,
      warmup_fraction: 0.05,
      epochs: null,
      seq_len: null,
      fim_ratio: 0.9,
    };
    const rec = store.createJob(input(model, [file.id], { suffix: `bench-${i}`, hyperparameters: hp }), {
      createdByMe: false,
      ...(prefix ? { id: prefix + store.newId().slice(prefix.length) } : {}),
      // Running ones started recently; terminal ones finished hours ago, one minute apart.
      createdAtMs: running ? now - leadIn(s) - (i + 1) * (PHASE_MS.step / s) : now - HOUR - i * MIN,
    });
    ids.push(rec.id);
  }
  return ids;
}
