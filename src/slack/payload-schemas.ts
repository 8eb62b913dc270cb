import { z } from 'zod';
import { JOB_STATUSES } from '../domain/job.js';
import { ACTION, VIEW } from '../views/ids.js';

/**
 * One schema per button value and per view submission, checked at the edge (the registrars), so a
 * forged or broken payload is answered as bad input and never reaches the backend.
 */
export const MALFORMED_ACTION_SENTENCE =
  'That button sent a request the app cannot read, so nothing was done. Run the command again, e.g. `/finetune list`.';
export const MALFORMED_VIEW_SENTENCE =
  'This form sent a request the app cannot read, so nothing was done. Close it and run `/finetune create` again.';

const filter = z.string().min(1).max(200).optional();

/** The paging value: what `encodeListQuery` writes, and nothing else. */
const listQuery = z
  .string()
  .max(2_000)
  .transform((s, ctx) => {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not JSON' });
      return z.NEVER;
    }
  })
  .pipe(
    z.strictObject({
      page: z.number().int().min(1).max(10_000),
      status: z.enum(JOB_STATUSES).optional(),
      model: filter,
      suffix: filter,
      wandb: filter,
      mine: z.literal(true).optional(),
    }),
  );

/** An approval request's id, as `createApprovalService` makes it. */
const approvalId = z.string().regex(/^[a-f0-9]{16}$/);

/** The schemas for a provider whose full job ids match `jobIdPattern` (capabilities). */
export function actionValueSchemas(jobIdPattern: RegExp): Record<string, z.ZodType> {
  const jobId = z.string().max(200).regex(jobIdPattern);
  return {
    [ACTION.jobDetails]: jobId,
    [ACTION.jobRefresh]: jobId,
    [ACTION.jobShare]: jobId,
    [ACTION.jobWatch]: jobId,
    [ACTION.jobStart]: jobId,
    [ACTION.jobCancel]: jobId,
    [ACTION.jobSettings]: jobId,
    [ACTION.listPrev]: listQuery,
    [ACTION.listNext]: listQuery,
    [ACTION.openCreate]: z.string().max(100).optional(),
    [ACTION.approvalApprove]: approvalId,
    [ACTION.approvalDecline]: approvalId,
  };
}

/** What every handled view_submission must carry; the form's fields are judged by its own schema. */
const submittedView = z.object({
  id: z.string().min(1),
  callback_id: z.string(),
  private_metadata: z.string().max(3_000).optional(),
  state: z.object({ values: z.record(z.string(), z.record(z.string(), z.unknown())) }),
});

export const VIEW_SCHEMAS: Record<string, z.ZodType> = {
  [VIEW.createJob]: submittedView,
  [VIEW.createEstimate]: submittedView,
  [VIEW.uploadFile]: submittedView,
  [VIEW.watchSettings]: submittedView,
  [VIEW.approvalDecline]: submittedView.extend({ private_metadata: approvalId }),
};

/**
 * One file of a `file_input` in `view.state.values` (bolt's `UploadedFile`, the fields the app
 * reads). Only the download URL is followed, and only to Slack's hosts (slack/download-file.ts).
 */
const uploadedFile = z.object({
  id: z.string().min(1).max(100),
  name: z.string().min(1).max(1_000),
  title: z.string().max(1_000).optional(),
  filetype: z.string().max(100).optional(),
  mimetype: z.string().max(200).optional(),
  size: z.number().int().nonnegative().optional(),
  url_private_download: z.url({ protocol: /^https?$/ }).max(2_000),
});

export type UploadedFile = z.infer<typeof uploadedFile>;

/** A `file_input` element's state: at most `max` files (the app's inputs take one). */
export function fileInputState(max: number) {
  return z.object({ type: z.literal('file_input'), files: z.array(uploadedFile).max(max) });
}

export const FILE_INPUT_STATE = fileInputState(1);

/**
 * The files of one `file_input` in `view.state.values`: none when the field is absent or empty,
 * `malformed` when its state does not fit the schema (answered as bad input, never downloaded).
 */
export function readFileInput(values: unknown, block: string, action: string): UploadedFile[] | 'malformed' {
  const el = (values as Record<string, Record<string, unknown> | undefined> | undefined)?.[block]?.[action];
  if (el === undefined || el === null) return [];
  const parsed = FILE_INPUT_STATE.safeParse(el);
  return parsed.success ? parsed.data.files : 'malformed';
}

/** True when the value fits its action's schema; an action without a schema takes anything. */
export function isValidActionValue(
  schemas: Record<string, z.ZodType>,
  actionId: string,
  value: unknown,
): boolean {
  const schema = schemas[actionId];
  return schema === undefined || schema.safeParse(value).success;
}

export function isValidView(callbackId: string, view: unknown): boolean {
  const schema = VIEW_SCHEMAS[callbackId];
  return schema === undefined || schema.safeParse(view).success;
}

/**
 * Slack's `link_shared` event (the links of a message that match the manifest's unfurl domains).
 * Composer previews carry `channel_id: "COMPOSER"` and no `channel`; both are read, only a posted
 * message's links are unfurled.
 */
export const LINK_SHARED_EVENT = z.object({
  type: z.literal('link_shared'),
  channel: z.string().min(1).max(50).optional(),
  user: z.string().max(50).optional(),
  message_ts: z.string().min(1).max(200),
  thread_ts: z.string().max(50).optional(),
  unfurl_id: z.string().max(500).optional(),
  source: z.string().max(50).optional(),
  links: z.array(z.object({ domain: z.string().max(255), url: z.string().min(1).max(4_000) })).max(100),
});

export type LinkSharedEvent = z.infer<typeof LINK_SHARED_EVENT>;

/** A message shortcut (`message_action`): what the handler reads; the message keeps its other fields. */
export const MESSAGE_SHORTCUT = z.object({
  type: z.literal('message_action'),
  callback_id: z.string().max(255),
  user: z.object({ id: z.string().min(1).max(50) }),
  channel: z.object({ id: z.string().min(1).max(50) }),
  message: z.looseObject({ ts: z.string().max(50).optional(), text: z.string().max(40_000).optional() }),
  response_url: z.url({ protocol: /^https?$/ }).max(2_000),
});

export const MALFORMED_SHORTCUT_SENTENCE =
  'That shortcut sent a request the app cannot read, so nothing was done. Try `/finetune watch &lt;job&gt;`.';

/**
 * The `app_home_opened` event, the fields the app reads: who opened which tab (`home` or
 * `messages`: it fires for both). `view` is there only once a Home view was published.
 */
export const APP_HOME_OPENED_EVENT = z.object({
  type: z.literal('app_home_opened'),
  user: z.string().regex(/^[UW][A-Z0-9]{2,40}$/),
  tab: z.string().max(50).optional(),
});
