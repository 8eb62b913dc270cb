import type { KnownBlock } from '@slack/types';

/** What every builder returns: ready for `respond`, `chat.postMessage` or `chat.update`. */
export interface SlackMessage {
  /** Notification and screen-reader fallback; never empty. */
  text: string;
  blocks: KnownBlock[];
}

/** Everything a builder may know about the world besides its arguments; no builder reads a clock. */
export interface ViewContext {
  sandbox: boolean;
  /** 'Mistral' or 'Mistral sandbox': named in sentences so users know where the data comes from. */
  backendLabel: string;
  /** Used to build W&B links when the API gives none. */
  wandbEntity?: string;
  /** Unix seconds. */
  now: number;
}
