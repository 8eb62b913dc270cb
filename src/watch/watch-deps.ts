import type { Logger } from 'pino';
import type { FineTuningBackend } from '../backend/backend.js';
import type { JobDetails } from '../domain/job.js';
import type { WarningThresholds } from '../domain/warning.js';
import type { CreatorStore } from '../store/creators.js';
import type { WatchStore } from '../store/watch-store.js';
import type { SlackMessage, ViewContext } from '../views/types.js';
import type { CardMemory } from './card-memory.js';
import type { SlackPoster } from './slack-poster.js';

/** What the watch service and the poller share; built once in `app.ts`. */
export interface WatchDeps {
  store: WatchStore;
  poster: SlackPoster;
  backend: FineTuningBackend;
  creators: CreatorStore;
  logger: Logger;
  /** Milliseconds since the epoch. */
  now: () => number;
  /** The builders' context at this instant. */
  view: () => ViewContext;
  /** Last card fingerprint sent per card; in memory, so a restart re-edits a card when its job is next fetched. */
  cardShown: CardMemory;
  /**
   * Told of every job a pass applies, before its watches are brought up to date: App Home republishes
   * the creator's tab when the status it shows is stale. Must return at once and never throw.
   */
  onJobApplied?: (job: JobDetails) => void;
  /** When the early warnings are due (FINETUNE_WARN_*); the defaults when absent. */
  warnings?: WarningThresholds;
  /**
   * Set when approvals are configured: what a card of a job waiting for approval shows instead
   * (the *Awaiting approval* line, no Start button). Synchronous: it reads what the approvals keep
   * in memory, refreshed from the store every interval.
   */
  cardOverlay?: (job: JobDetails, card: SlackMessage) => SlackMessage;
}
