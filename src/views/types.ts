import type { KnownBlock } from '@slack/types';

/** What every builder returns: ready for `respond`, `chat.postMessage` or `chat.update`. */
export interface SlackMessage {
  /** Notification and screen-reader fallback; never empty. */
  text: string;
  blocks: KnownBlock[];
}

/** How the configured provider is named to users, and the variable that holds its key. */
export interface ProviderNaming {
  label: string;
  keyVariable: string;
}

/** Everything a builder may know about the world besides its arguments; no builder reads a clock. */
export interface ViewContext {
  sandbox: boolean;
  /** e.g. 'Together AI' or 'Together sandbox': named in sentences so users know where the data comes from. */
  backendLabel: string;
  /** The configured provider (the sandbox stands in for it when it has no key), for the sandbox note. */
  provider: ProviderNaming;
  /** Used to build W&B links when the API gives none. */
  wandbEntity?: string;
  /** Unix seconds. */
  now: number;
}
