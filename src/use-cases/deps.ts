import type { Logger } from 'pino';
import type { FineTuningBackend } from '../backend/backend.js';
import type { ApprovalService } from '../domain/approval.js';
import type { BudgetStore } from '../domain/budget.js';
import type { WatchService } from '../domain/watch.js';
import type { SecretRegistry } from '../logging/logger.js';
import type { SlackFileDownloader } from '../slack/download-file.js';
import type { AuditLog } from '../store/audit-log.js';
import type { CreatorStore } from '../store/creators.js';
import type { SentFiles } from '../store/sent-files.js';
import type { ProviderNaming, ViewContext } from '../views/types.js';
import type { SlackPoster } from '../watch/slack-poster.js';
import type { HomePublisher } from './home-publisher.js';

/** Shares a file in a conversation (the watch poster's `upload`: paced with the channel's posts). */
export type FileUploader = Pick<SlackPoster, 'upload'>;

/**
 * What handlers need, handed in by the composition root (`app.ts`). Tests build the same object
 * with real local parts (sandbox backend, SQLite file), so there is no module mocking.
 */
export interface AppDeps {
  backend: FineTuningBackend;
  creators: CreatorStore;
  watches: WatchService;
  /** Charts asked for by a command go out through the same per-channel queue as the watch posts. */
  uploads: FileUploader;
  /** True when the Slack user may create, start and cancel (FINETUNE_OPERATORS). */
  isOperator: (userId: string) => Promise<boolean>;
  logger: Logger;
  secrets: SecretRegistry;
  /** Milliseconds since the epoch; injectable so tests and the demo control time. */
  now: () => number;
  /** True when the jobs come from the built-in sandbox; every message then says so. */
  sandbox: boolean;
  /** The configured provider, as users are told about it (the sandbox stands in for it without a key). */
  provider: ProviderNaming;
  wandbEntity?: string;
  /** Downloads a file uploaded through a `file_input` with the bot token (which it never shows). */
  downloadSlackFile: SlackFileDownloader;
  /** Slack uploads already sent to the provider (a form submitted again reuses the provider's file). */
  sentFiles: SentFiles;
  /** Each user's App Home tab: published when opened, when a Home click is answered, on a status change. */
  home: HomePublisher;
  /** Who did what (creates, starts, cancels, approvals, refusals): append-only, in the store. */
  audit: AuditLog;
  /** Set when FINETUNE_APPROVAL_OVER and FINETUNE_APPROVERS are: costly starts wait for an approver. */
  approvals?: ApprovalService;
  /** Monthly budgets per channel (`/finetune budget`): a start past one is refused, or sent for approval. */
  budgets: BudgetStore;
}

export function viewContext(
  deps: Pick<AppDeps, 'sandbox' | 'backend' | 'wandbEntity' | 'now' | 'provider'>,
): ViewContext {
  return {
    sandbox: deps.sandbox,
    backendLabel: deps.backend.label,
    provider: deps.provider,
    wandbEntity: deps.wandbEntity,
    now: Math.floor(deps.now() / 1000),
  };
}
