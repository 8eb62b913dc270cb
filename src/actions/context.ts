import type { BlockAction, ButtonAction, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { AppDeps } from '../use-cases/deps.js';

/** What every button handler gets; the registrar has already acked. */
export interface ActionContext {
  /** The button's value (a job id, or an encoded list query). */
  value: string;
  body: BlockAction<ButtonAction>;
  respond: RespondFn;
  client: WebClient;
  deps: AppDeps;
}

export type ActionHandler = (ctx: ActionContext) => Promise<void>;
