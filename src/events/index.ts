import type { App } from '@slack/bolt';
import type { AppDeps } from '../use-cases/deps.js';
import { handleAppHomeOpened } from './app-home-opened.js';
import type { EventHandler } from './context.js';

/** The only Events API event type → handler table (each type also in manifest.yml's bot_events). */
const EVENT_HANDLERS: Record<string, EventHandler> = {
  app_home_opened: handleAppHomeOpened,
};

/** Bolt acks every event itself before the listener runs; a failing handler is logged, never thrown. */
export function registerEvents(app: App, deps: AppDeps): void {
  for (const [type, handler] of Object.entries(EVENT_HANDLERS)) {
    app.event(type, async ({ event }) => {
      try {
        await handler({ event, deps });
      } catch (err) {
        deps.logger.error({ err, event: type }, 'event handler failed');
      }
    });
  }
}

/** The event types the app subscribes to, for the manifest test. */
export const EVENT_TYPES = Object.keys(EVENT_HANDLERS);
