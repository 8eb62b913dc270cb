import type {
  CreateJobRequest,
  FileInfo,
  Job,
  JobDetails,
  JobEstimate,
  JobPage,
  ListJobsQuery,
  ModelInfo,
} from '../domain/job.js';
import type { BackendCapabilities } from './capabilities.js';

/**
 * The one seam between the app and a fine-tuning provider. Every method either resolves with a
 * checked object or rejects with a `BackendError`; handlers never see HTTP.
 */
export interface FineTuningBackend {
  /** Shown to users, e.g. "Mistral" or "Mistral sandbox". */
  readonly label: string;
  /** What this provider can do; the UI, the poller and the resolver follow it. */
  readonly capabilities: BackendCapabilities;
  listJobs(query?: ListJobsQuery): Promise<JobPage>;
  /**
   * The jobs created after `createdAfterSeconds` (Unix seconds), for the poller to learn many statuses
   * at once: each page yielded is exactly one provider request (up to 100 jobs), in the provider's
   * order; `total` is every job the scan will cover, when the provider tells it. Stop iterating to
   * stop requesting.
   */
  scanJobs(createdAfterSeconds: number): AsyncIterable<JobScanPage>;
  getJob(jobId: string): Promise<JobDetails>;
  createJob(request: CreateJobRequest): Promise<Job>;
  /** A dry run: what the job would cost and take, without creating it. */
  estimateJob(request: CreateJobRequest): Promise<JobEstimate>;
  startJob(jobId: string): Promise<JobDetails>;
  cancelJob(jobId: string): Promise<JobDetails>;
  /** Files uploaded with purpose `fine-tune`, newest first. */
  listFiles(): Promise<FileInfo[]>;
  listModels(): Promise<ModelInfo[]>;
  /** A file's bytes, for the bot's own checks of a training file before a draft is started. */
  getFileContent(fileId: string): Promise<Uint8Array>;
  /**
   * Uploads a training file with purpose `fine-tune` through the provider's multipart route. The
   * name is sent as given, without any directories (never a local path).
   */
  uploadFile(input: UploadFileInput): Promise<FileInfo>;
}

export interface JobScanPage {
  jobs: Job[];
  total?: number;
}

/**
 * Per request, for uploads only: a training file of tens of MB takes longer than the few seconds an
 * interactive call is given. The adapters use this or their own timeout, whichever is longer.
 */
export const UPLOAD_TIMEOUT_MS = 300_000;

export interface UploadFileInput {
  /** e.g. `train.jsonl`; anything before the last `/` or `\` is dropped. */
  filename: string;
  content: Uint8Array;
}

/** `C:\data\train.jsonl` or `/home/me/train.jsonl` → `train.jsonl`: a file name, never a path. */
export function uploadName(filename: string): string {
  return filename.slice(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1);
}
