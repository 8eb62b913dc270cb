import type { RespondFn, SlashCommand } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { AppDeps } from '../use-cases/deps.js';

/** What every sub-command handler gets; the registrar has already acked. */
export interface CommandContext {
  args: string[];
  command: SlashCommand;
  respond: RespondFn;
  client: WebClient;
  deps: AppDeps;
}

export type SubcommandHandler = (ctx: CommandContext) => Promise<void>;
