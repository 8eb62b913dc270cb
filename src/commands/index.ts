import type { AllMiddlewareArgs, App, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../deps.js';
import { replyNotice, withUserErrors } from '../slack/reply.js';
import { COMMAND } from '../views/ids.js';
import { handleCancel } from './cancel.js';
import type { CommandContext, SubcommandHandler } from './context.js';
import { handleCreate } from './create.js';
import { handleHelp } from './help.js';
import { handleList } from './list.js';
import { parseCommand, type Subcommand, tooLongSentence } from './parse.js';
import { handleStart } from './start.js';
import { handleStatus } from './status.js';
import { handleUnknown } from './unknown.js';
import { handleUnwatch } from './unwatch.js';
import { handleWatch } from './watch.js';
import { handleWatching } from './watching.js';

/** The only sub-command → handler table. */
const SUBCOMMAND_HANDLERS: Record<Subcommand, SubcommandHandler> = {
  help: handleHelp,
  list: handleList,
  status: handleStatus,
  create: handleCreate,
  start: handleStart,
  cancel: handleCancel,
  watch: handleWatch,
  unwatch: handleUnwatch,
  watching: handleWatching,
};

export function handleFinetuneCommand(deps: AppDeps) {
  return async ({ ack, command, respond, client }: AllMiddlewareArgs & SlackCommandMiddlewareArgs) => {
    // Ack first: the backend may be slow, and Slack gives us 3 seconds.
    await ack();
    const parsed = parseCommand(command.text ?? '');
    if (parsed.tooLong) return replyNotice(respond, deps, tooLongSentence(command.text.length));
    const ctx: CommandContext = { args: parsed.args, command, respond, client, deps };
    const context = { sub: parsed.sub ?? parsed.unknown, user: command.user_id, channel: command.channel_id };
    await withUserErrors(deps, respond, context, () =>
      parsed.sub ? SUBCOMMAND_HANDLERS[parsed.sub](ctx) : handleUnknown(ctx, parsed.unknown ?? ''),
    );
  };
}

export function registerCommands(app: App, deps: AppDeps): void {
  app.command(COMMAND, handleFinetuneCommand(deps));
}
