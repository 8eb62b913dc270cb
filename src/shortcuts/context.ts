import type { RespondFn } from '@slack/bolt';
import type { z } from 'zod';
import type { MESSAGE_SHORTCUT } from '../slack/payload-schemas.js';
import type { AppDeps } from '../use-cases/deps.js';

/** What every message shortcut handler gets; the registrar has acked and checked the payload. */
export interface ShortcutContext {
  shortcut: z.infer<typeof MESSAGE_SHORTCUT>;
  /** The shortcut's response_url: answers are ephemeral in the channel it was used in. */
  respond: RespondFn;
  deps: AppDeps;
}

export type ShortcutHandler = (ctx: ShortcutContext) => Promise<void>;
