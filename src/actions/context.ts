import type { BlockAction, ButtonAction, RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { AppDeps } from '../deps.js';

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

/** True when the button sits on a message only the clicking user can see. */
export function isEphemeral(body: BlockAction<ButtonAction>): boolean {
  const container = body.container as { is_ephemeral?: boolean } | undefined;
  return container?.is_ephemeral === true;
}
