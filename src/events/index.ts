import type { App } from '@slack/bolt';
import type { AppDeps } from '../use-cases/deps.js';
import { handleAppHomeOpened } from './app-home-opened.js';
import type { EventHandler } from './context.js';
import { handleLinkShared } from './link-shared.js';

/** The only Events API event type → handler table (manifest.yml `bot_events` lists the same types). */
export const EVENT_HANDLERS: Readonly<Record<string, EventHandler>> = {
  app_home_opened: handleAppHomeOpened,
  link_shared: handleLinkShared,
};

/** Bolt acks every event itself before the listener runs; a failing handler is logged, never thrown. */
export function registerEvents(app: App, deps: AppDeps): void {
  for (const [type, handler] of Object.entries(EVENT_HANDLERS)) {
    app.event(type, async ({ event, client }) => {
      try {
        await handler({ event, client, deps });
      } catch (err) {
        deps.logger.error({ err, event: type }, 'event handler failed');
      }
    });
  }
}
