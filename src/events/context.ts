import type { WebClient } from '@slack/web-api';
import type { AppDeps } from '../use-cases/deps.js';

/**
 * What every Events API handler gets. Bolt has already acknowledged the delivery (it acks events
 * before its listeners run), so a handler's work never costs Slack's 3 seconds.
 */
export interface EventContext {
  /** The `event` of the `event_callback`, unchecked: each handler validates its own shape. */
  event: unknown;
  client: WebClient;
  deps: AppDeps;
}

export type EventHandler = (ctx: EventContext) => Promise<void>;
