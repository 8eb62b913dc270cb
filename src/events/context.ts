import type { AppDeps } from '../use-cases/deps.js';

/** What every Events API handler gets; Bolt has already acked the event (it always does, at once). */
export interface EventContext {
  /** The event as Slack sent it: each handler checks it against its schema before reading it. */
  event: unknown;
  deps: AppDeps;
}

export type EventHandler = (ctx: EventContext) => Promise<void>;
