import { replyNotice } from '../use-cases/reply.js';
import { describeSettings, WATCH_OPTIONS_USAGE } from '../views/watch-settings.js';
import type { CommandContext } from './context.js';
import { parseWatchOptions } from './watch-options.js';

/**
 * `/finetune settings [only:…] [broadcast:…] [mention:…]`: what new watches in this channel take.
 * Watches already running keep theirs (change one with `/finetune watch <job> …`).
 */
export async function handleSettings({ args, respond, deps, command }: CommandContext): Promise<void> {
  const options = parseWatchOptions(args);
  if (!options.ok) return replyNotice(respond, deps, options.problem);
  if (options.rest.length > 0)
    return replyNotice(respond, deps, `\`settings\` takes options only. ${WATCH_OPTIONS_USAGE}`);
  const channel = command.channel_id;
  if (Object.keys(options.settings).length === 0) {
    const now = await deps.watches.channelDefaults(channel);
    return replyNotice(
      respond,
      deps,
      `New watches in <#${channel}> take: ${describeSettings(now)}. ${WATCH_OPTIONS_USAGE}`,
    );
  }
  const next = await deps.watches.setChannelDefaults(channel, options.settings);
  await replyNotice(
    respond,
    deps,
    `New watches in <#${channel}> now take: ${describeSettings(next)}. Watches already running keep their own settings.`,
  );
}
