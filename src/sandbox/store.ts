import { createHash } from 'node:crypto';
import {
  checkTrainingFile,
  decode,
  estimateTokens,
  type FileCheck,
  indexTraining,
  nonEmptyLines,
} from '../data/jsonl.js';
import type { JobType } from '../domain/job.js';
import { isTerminalStatus } from '../domain/status.js';
import { assignSlots } from './capacity.js';
import { type DerivedJob, deriveJob } from './lifecycle.js';
import { findBaseModel } from './models.js';
import { type Rng, uuidFrom } from './prng.js';
import { detectSampleType, targetsFromLabels } from './samples.js';
import { patchShape } from './shape.js';
import type { DataCheck, FilePurpose, FileRecord, JobRecord } from './types.js';
import type { CreateInput } from './validation.js';

export interface NewFile {
  filename: string;
  purpose: FilePurpose;
  content: Uint8Array;
  mimetype?: string | null;
  visibility?: 'workspace' | 'user';
  expiryHours?: number | null;
  createdAtMs?: number;
}

type Labels = Map<string, Set<string>>;

export type ActionResult = { ok: true; job: JobRecord } | { ok: false; code: 404 | 409; detail: string };

/** All sandbox state, in memory. Everything time-dependent is derived on read (see lifecycle.ts). */
export class SandboxStore {
  readonly files = new Map<string, FileRecord>();
  readonly jobs = new Map<string, JobRecord>();
  /** Fine-tuned models deleted through `DELETE /v1/models/{id}`. */
  readonly deletedModels = new Set<string>();
  private seq = 0;
  private readonly checks = new Map<string, FileCheck>();
  /** Under a cap, the training slots are out of date: a job was added, started, cancelled or removed. */
  private slotsStale = false;

  constructor(
    readonly now: () => number,
    readonly speed: number,
    private readonly idRng: Rng,
    /** At most this many jobs train at once (capacity.ts); undefined: no cap. */
    readonly maxRunning?: number,
  ) {}

  /** Call after any change to the jobs or their start and cancel requests. */
  private changed(): void {
    if (this.maxRunning !== undefined) this.slotsStale = true;
  }

  newId(): string {
    return uuidFrom(this.idRng);
  }

  addFile(f: NewFile): FileRecord {
    const signature = createHash('sha256').update(f.content).digest('hex').slice(0, 16);
    // "If a file is uploaded and matches an existing file in both content and name, the
    // pre-existing file is returned" (Mistral FAQ).
    for (const existing of this.files.values()) {
      if (
        existing.filename === f.filename &&
        existing.signature === signature &&
        existing.purpose === f.purpose
      )
        return existing;
    }
    const createdAtMs = f.createdAtMs ?? this.now();
    const rec: FileRecord = {
      id: this.newId(),
      filename: f.filename,
      purpose: f.purpose,
      content: f.content,
      numLines: nonEmptyLines(decode(f.content)).length,
      sampleType: detectSampleType(f.content, f.purpose),
      source: 'upload',
      mimetype: f.mimetype ?? (f.filename.endsWith('.jsonl') ? 'application/jsonl' : null),
      signature,
      visibility: f.visibility ?? 'workspace',
      expiresAt: f.expiryHours ? Math.floor(createdAtMs / 1000) + f.expiryHours * 3600 : null,
      createdAtMs,
    };
    this.files.set(rec.id, rec);
    return rec;
  }

  /** Parsing is memoised per file and job type: files never change, and benchmarks share one file. */
  checkFile(id: string, jobType: JobType): FileCheck {
    const key = `${id}:${jobType}`;
    let c = this.checks.get(key);
    if (!c) {
      const f = this.files.get(id);
      c = f
        ? checkTrainingFile(f.filename, f.content, jobType)
        : { ok: false, error: `file ${id} was deleted` };
      this.checks.set(key, c);
    }
    return c;
  }

  /** A validation file against the job's training files: a sample in both is a failed validation. */
  private checkSplit(id: string, training: string[], jobType: JobType): FileCheck {
    const f = this.files.get(id);
    if (!f) return { ok: false, error: `file ${id} was deleted` };
    const contents = training.flatMap((t) => this.files.get(t)?.content ?? []);
    return checkTrainingFile(f.filename, f.content, jobType, { training: indexTraining(contents) });
  }

  /** What validation will find: the first bad file (training, then validation) or the data size. */
  checkData(
    training: string[],
    validation: string[],
    jobType: JobType,
  ): { check: DataCheck; labels: Labels } {
    let tokens = 0;
    const labels: Labels = new Map();
    for (const id of [...training, ...validation]) {
      const c = this.checkFile(id, jobType);
      if (!c.ok) return { check: { ok: false, error: c.error }, labels };
      if (!training.includes(id)) {
        const split = this.checkSplit(id, training, jobType);
        if (!split.ok) return { check: { ok: false, error: split.error }, labels };
        continue;
      }
      tokens += estimateTokens(this.files.get(id)?.content.byteLength ?? 0);
      for (const [name, values] of c.labels)
        labels.set(name, new Set([...(labels.get(name) ?? []), ...values]));
    }
    return { check: { ok: true, dataTokens: tokens }, labels };
  }

  createJob(input: CreateInput, extra: Partial<JobRecord> = {}): JobRecord {
    const trainingFiles = input.trainingFiles.map((f) => f.file_id);
    const { check, labels } = this.checkData(trainingFiles, input.validationFiles, input.jobType);
    let targets = input.classifierTargets ?? [];
    // The bot never sends classifier_targets; infer them from the labels in the data instead.
    if (input.jobType === 'classifier' && targets.length === 0) targets = targetsFromLabels(labels);
    const rec: JobRecord = {
      id: this.newId(),
      seq: this.seq++,
      model: input.model,
      jobType: input.jobType,
      autoStart: input.autoStart,
      createdAtMs: this.now(),
      trainingFiles,
      validationFiles: input.validationFiles,
      hyperparameters: input.hyperparameters,
      suffix: input.suffix,
      integrations: input.integrations,
      classifierTargets: targets,
      createdByMe: true,
      dataCheck: check,
      pricePerMTokens: findBaseModel(input.model)?.pricePerMTokens ?? 3,
      ...extra,
    };
    this.jobs.set(rec.id, rec);
    this.changed();
    return rec;
  }

  derive(r: JobRecord, withHistory = false): DerivedJob {
    if (this.slotsStale && this.maxRunning !== undefined) {
      assignSlots(this.jobs.values(), this.maxRunning, this.speed);
      this.slotsStale = false;
    }
    return deriveJob(r, this.now(), this.speed, withHistory);
  }

  /** The documented 409 rule: a similar job (model, files, suffix) is queued, validated or running. */
  findSimilarActive(input: CreateInput): JobRecord | undefined {
    const files = input.trainingFiles
      .map((f) => f.file_id)
      .sort()
      .join(',');
    for (const r of this.jobs.values()) {
      if (r.model !== input.model || r.suffix !== input.suffix) continue;
      if ([...r.trainingFiles].sort().join(',') !== files) continue;
      if (!isTerminalStatus(this.derive(r).status)) return r;
    }
    return undefined;
  }

  start(id: string): ActionResult {
    const r = this.jobs.get(id);
    if (!r) return notFound(id);
    const { status } = this.derive(r);
    if (status !== 'VALIDATED' || r.autoStart || r.startRequestedAtMs !== undefined) {
      const why = r.autoStart && status === 'VALIDATED' ? ' (it starts by itself: auto_start is true)' : '';
      return {
        ok: false,
        code: 409,
        detail: `Job ${id} cannot be started: its status is ${status}${why}. Only a VALIDATED job created with auto_start false can be started.`,
      };
    }
    r.startRequestedAtMs = this.now();
    this.changed();
    return { ok: true, job: r };
  }

  cancel(id: string): ActionResult {
    const r = this.jobs.get(id);
    if (!r) return notFound(id);
    const { status } = this.derive(r);
    if (isTerminalStatus(status)) {
      return {
        ok: false,
        code: 409,
        detail: `Job ${id} cannot be cancelled: its status is ${status}, which is final.`,
      };
    }
    r.cancelRequestedAtMs ??= this.now();
    this.changed();
    return { ok: true, job: r };
  }

  /** A job by its engine id, or by a dialect's wire id (`ft-<uuid>`, `ftjob-…`). */
  findJob(id: string): JobRecord | undefined {
    const bare = id.replace(/^[a-z]+-/i, '').toLowerCase();
    // The OpenAI dialect's ids are the uuid's 32 hex digits.
    const h = /^[0-9a-f]{32}$/.test(bare) ? bare : undefined;
    const uuid =
      h && `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    return this.jobs.get(id) ?? this.jobs.get(bare) ?? (uuid ? this.jobs.get(uuid) : undefined);
  }

  /** Shapes the job's life (shape.ts); a changed timeline may free or take a training slot. */
  shapeJob(id: string, patch: unknown): string[] | undefined {
    const r = this.findJob(id);
    if (!r) return undefined;
    const errors = patchShape(r, patch);
    this.changed();
    return errors;
  }

  removeJob(id: string): boolean {
    const removed = this.jobs.delete(id);
    this.changed();
    return removed;
  }
}

function notFound(id: string): ActionResult {
  return { ok: false, code: 404, detail: `Job ${id} not found.` };
}
