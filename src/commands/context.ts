import type { RespondFn, SlashCommand } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { AppDeps } from '../use-cases/deps.js';
import type { HelpCommand } from '../views/help-message.js';

/** What every sub-command handler gets; the registrar has already acked. */
export interface CommandContext {
  args: string[];
  command: SlashCommand;
  respond: RespondFn;
  client: WebClient;
  deps: AppDeps;
  /** The row of the command table being run: its usage line answers a missing argument. */
  spec: HelpCommand;
  /** The whole table, for the help and "did you mean". */
  commands: readonly HelpCommand[];
}

export type SubcommandHandler = (ctx: CommandContext) => Promise<void>;
