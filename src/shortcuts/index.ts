import type { App, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { MALFORMED_SHORTCUT_SENTENCE, MESSAGE_SHORTCUT } from '../slack/payload-schemas.js';
import type { AppDeps } from '../use-cases/deps.js';
import { replyNotice, withUserErrors } from '../use-cases/reply.js';
import { SHORTCUT } from '../views/ids.js';
import type { ShortcutHandler } from './context.js';
import { handleWatchMessage } from './watch-message.js';

/** The only shortcut callback_id → handler table (manifest.yml `features.shortcuts` names the same ids). */
const SHORTCUT_HANDLERS: Readonly<Record<(typeof SHORTCUT)[keyof typeof SHORTCUT], ShortcutHandler>> = {
  [SHORTCUT.watchHere]: handleWatchMessage,
};

export function registerShortcuts(app: App, deps: AppDeps): void {
  for (const [callbackId, handler] of Object.entries(SHORTCUT_HANDLERS)) {
    app.shortcut<MessageShortcut>(
      callbackId,
      async ({ ack, body, respond }: SlackShortcutMiddlewareArgs<MessageShortcut>) => {
        await ack();
        const parsed = MESSAGE_SHORTCUT.safeParse(body);
        const context = { shortcut: callbackId, user: body.user?.id };
        if (!parsed.success) {
          deps.logger.info(context, 'malformed message shortcut: nothing done');
          // Without a response_url there is nobody to tell; the log has it.
          if (typeof body.response_url === 'string')
            await replyNotice(respond, deps, MALFORMED_SHORTCUT_SENTENCE);
          return;
        }
        await withUserErrors(deps, respond, context, () => handler({ shortcut: parsed.data, respond, deps }));
      },
    );
  }
}
