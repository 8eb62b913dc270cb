import type { ViewOutput, ViewResponseAction, ViewSubmitAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { PendingRequests } from '../create/pending-requests.js';
import type { AppDeps } from '../use-cases/deps.js';

/** What every view_submission handler gets from the registrar. */
export interface ModalContext {
  /** Answers Slack once; a second call is ignored (the registrar may need a fallback ack). */
  ack: (response?: ViewResponseAction) => Promise<void>;
  body: ViewSubmitAction;
  view: ViewOutput;
  client: WebClient;
  deps: AppDeps;
  pending: PendingRequests;
  /** How long to wait for the backend before acking with a "working on it" view. */
  budgetMs: number;
}

export type ModalHandler = (ctx: ModalContext) => Promise<void>;
