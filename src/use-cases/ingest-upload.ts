import { type DataReport, type indexExamples, inspectTrainingData } from '../data/inspect.js';
import { indexTraining } from '../data/jsonl.js';
import type { FileInfo, JobEstimate, JobType } from '../domain/job.js';
import { MAX_UPLOAD_BYTES } from '../slack/download-file.js';
import type { UploadedFile } from '../slack/payload-schemas.js';
import { checkRefusal, checkRefusalShort, DOWNLOAD_MSG, NOT_JSONL } from '../views/data-check.js';
import { code } from '../views/escape.js';
import type { AppDeps } from './deps.js';

export type UploadKind = 'training' | 'validation';

export interface IngestInput {
  training?: UploadedFile;
  validation?: UploadedFile;
  jobType: JobType;
  /** Provider files picked as training data: an uploaded validation split is checked against them. */
  pickedTraining?: readonly string[];
  userId: string;
}

export interface IngestedFile {
  kind: UploadKind;
  file: FileInfo;
  report: DataReport;
}

export type IngestResult =
  | { ok: true; files: IngestedFile[] }
  /** `sentence` is mrkdwn (a view), `short` plain text (under the file field). */
  | { ok: false; kind: UploadKind; sentence: string; short: string };

const refuse = (kind: UploadKind, sentence: string, short = sentence): IngestResult => ({
  ok: false,
  kind,
  sentence,
  short,
});

/**
 * Files uploaded through a modal → the provider's files: each is downloaded from Slack with the bot
 * token, checked with the same code the sandbox validates jobs with (validation against training),
 * and only when every file passed is anything uploaded. Backend errors of the upload reject, as the
 * create call's do, so the caller maps them the same way.
 */
export async function ingestUploads(deps: AppDeps, i: IngestInput): Promise<IngestResult> {
  const slots = (['training', 'validation'] as const).flatMap((kind) => {
    const file = i[kind];
    return file ? [{ kind, file }] : [];
  });
  const checked: Array<{
    kind: UploadKind;
    slackId: string;
    name: string;
    content: Uint8Array;
    report: DataReport;
  }> = [];
  let trainingIndex: ReturnType<typeof indexExamples> | undefined;
  for (const { kind, file } of slots) {
    const name = file.name;
    if (!/\.jsonl$/i.test(name) && file.filetype !== 'jsonl')
      return refuse(kind, NOT_JSONL(code(name)), NOT_JSONL(name));
    if ((file.size ?? 0) > MAX_UPLOAD_BYTES)
      return refuse(kind, DOWNLOAD_MSG.too_large(code(name)), DOWNLOAD_MSG.too_large(name));
    const got = await deps.downloadSlackFile(file.url_private_download);
    if (!got.ok) {
      deps.logger.info(
        { user: i.userId, file: file.id, reason: got.reason, status: got.status },
        'uploaded file refused before the check',
      );
      return refuse(kind, DOWNLOAD_MSG[got.reason](code(name)), DOWNLOAD_MSG[got.reason](name));
    }
    if (kind === 'validation') trainingIndex = await trainingIndexFor(deps, i, checked);
    const report = inspectTrainingData(name, got.content, i.jobType, { training: trainingIndex });
    if (report.errorCount > 0 || report.examples === 0) {
      deps.logger.info(
        { user: i.userId, file: file.id, bad: report.errorCount, lines: report.lines },
        'uploaded file failed the checks',
      );
      return refuse(kind, checkRefusal(report), checkRefusalShort(report));
    }
    checked.push({ kind, slackId: file.id, name, content: got.content, report });
  }
  const files: IngestedFile[] = [];
  for (const c of checked) {
    // Sent already by an earlier submit of this form (its job was refused): the provider has it.
    const sent = await deps.sentFiles.get(c.slackId, c.content.byteLength);
    if (sent) {
      files.push({ kind: c.kind, file: sent, report: c.report });
      continue;
    }
    const file = await deps.backend.uploadFile({ filename: c.name, content: c.content });
    await deps.sentFiles.put(c.slackId, c.content.byteLength, file);
    deps.logger.info(
      { user: i.userId, fileId: file.id, bytes: file.bytes },
      'uploaded file sent to the provider',
    );
    files.push({ kind: c.kind, file, report: c.report });
  }
  return { ok: true, files };
}

/** The training samples a validation upload must not repeat: the uploaded training file and the picked ones. */
async function trainingIndexFor(
  deps: AppDeps,
  i: IngestInput,
  checked: ReadonlyArray<{ kind: UploadKind; content: Uint8Array }>,
) {
  const contents = checked.filter((c) => c.kind === 'training').map((c) => c.content);
  for (const id of i.pickedTraining ?? []) contents.push(await deps.backend.getFileContent(id));
  return contents.length > 0 ? indexTraining(contents) : undefined;
}

/**
 * What one epoch on `model` would cost, where the provider gives prices (a dry run, a price route);
 * undefined where it gives none or the estimate fails (the check summary stands without it).
 */
export async function estimateUpload(
  deps: AppDeps,
  fileId: string,
  model: string | undefined,
  jobType: JobType,
): Promise<JobEstimate | undefined> {
  if (deps.backend.capabilities.estimate === 'tokens' || !model) return undefined;
  try {
    return await deps.backend.estimateJob({
      model,
      job_type: jobType,
      training_files: [{ file_id: fileId }],
      hyperparameters: { epochs: 1 },
      auto_start: false,
    });
  } catch (err) {
    deps.logger.info({ err, fileId }, 'no estimate for the uploaded file');
    return undefined;
  }
}
