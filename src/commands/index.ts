import type { AllMiddlewareArgs, App, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { AppDeps } from '../use-cases/deps.js';
import { operatorRefusal } from '../use-cases/operator-gate.js';
import { replyNotice, withUserErrors } from '../use-cases/reply.js';
import { COMMAND } from '../views/ids.js';
import type { CommandContext } from './context.js';
import { parseCommand, tooLongSentence } from './parse.js';
import { COMMAND_NAMES, COMMANDS, findCommand } from './table.js';
import { handleUnknown } from './unknown.js';

export function handleFinetuneCommand(deps: AppDeps) {
  return async ({ ack, command, respond, client }: AllMiddlewareArgs & SlackCommandMiddlewareArgs) => {
    // Ack first: the backend may be slow, and Slack gives us 3 seconds.
    await ack();
    const parsed = parseCommand(command.text ?? '', COMMAND_NAMES);
    if (parsed.tooLong) return replyNotice(respond, deps, tooLongSentence(command.text.length));
    const spec = parsed.sub === undefined ? undefined : findCommand(parsed.sub);
    const context = { sub: parsed.sub ?? parsed.unknown, user: command.user_id, channel: command.channel_id };
    await withUserErrors(deps, respond, context, async () => {
      if (!spec) return handleUnknown({ deps, respond, commands: COMMANDS }, parsed.unknown ?? '');
      if (spec.operatorOnly) {
        const refused = await operatorRefusal(deps, {
          user: command.user_id,
          action: spec.name,
          jobId: parsed.args[0],
        });
        if (refused) return replyNotice(respond, deps, refused);
      }
      const ctx: CommandContext = {
        args: parsed.args,
        command,
        respond,
        client,
        deps,
        spec,
        commands: COMMANDS,
      };
      return spec.handler(ctx);
    });
  };
}

export function registerCommands(app: App, deps: AppDeps): void {
  app.command(COMMAND, handleFinetuneCommand(deps));
}
