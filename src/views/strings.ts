/** User-facing sentences, exported so handlers and tests say and expect exactly the same thing. */
import { code } from './escape.js';
import type { ProviderNaming } from './types.js';

/** The last line of every message in sandbox mode. */
export const sandboxNote = (p: ProviderNaming) =>
  `🧪 Sandbox: these jobs are simulated by the built-in ${p.label} sandbox. Set ${p.keyVariable} to use ${p.label}.`;

/** Escaped for mrkdwn: Slack would read a bare `<job>` as a link. */
export const JOB_REF_HELP = '`&lt;job&gt;` is a full job id or a unique prefix of at least 6 characters.';

export const HELP_TITLE = 'Fine-tuning bot';

export const LIST_TITLE = 'Fine-tuning jobs';
export const LIST_TRY_UNFILTERED = 'Try `/finetune list` without filters.';
export const listNoJobs = (backend: string) =>
  `There are no fine-tuning jobs on ${backend} yet. Start one with \`/finetune create\`.`;
/** `filters` arrive formatted as code spans. */
export const listNoMatch = (backend: string, filters: string) =>
  `No fine-tuning jobs on ${backend} match ${filters}. ${LIST_TRY_UNFILTERED}`;

export const BUTTON = {
  createJob: 'Create job',
  details: 'Details',
  previous: '← Previous',
  next: 'Next →',
  refresh: 'Refresh',
  share: 'Share in channel',
  watch: 'Watch here',
  settings: 'Settings',
  start: 'Start training',
  cancel: 'Cancel job',
} as const;

export const START_CONFIRM = {
  title: 'Start training?',
  confirm: 'Start training',
  deny: 'Not now',
  noEstimate: 'There is no cost estimate for this job yet.',
  noPrice: 'The provider gives no price in advance.',
} as const;

export const CANCEL_CONFIRM = {
  title: 'Cancel this job?',
  confirm: 'Cancel job',
  deny: 'Keep it',
} as const;

/** The answer when a typed job id or prefix matches no job; the reference is shown as code, escaped. */
export const noJobWithPrefixSentence = (backend: string, ref: string) =>
  `No job on ${backend} has an id starting with ${code(ref)}.`;

/** The App Home tab (`home-view.ts`). */
export const HOME = {
  title: 'Your fine-tuning jobs',
  updated: (backend: string, when: string) =>
    `${backend} · updated ${when} · refreshed when you open this tab`,
  awaitingTitle: 'Awaiting your start',
  jobsTitle: 'Your jobs',
  watchesTitle: 'Your watches',
  noJobs: 'You have not created a job through the bot yet: use *Create job* above or `/finetune create`.',
  noWatches: 'You have not set up a watch. `/finetune watch &lt;job&gt;` in a channel posts its card there.',
  unavailable: 'could not be loaded just now; it shows again the next time this tab is built.',
  noChannel:
    'Only you see this here: the Home tab belongs to no channel. To share a job, use `/finetune status &lt;job&gt;` in the channel and *Share in channel* there.',
  andMore: (n: number) => `… and ${n} more.`,
  moreJobsHint: '`/finetune list mine` shows them all.',
  moreWatchesHint: '`/finetune watching` in a channel lists its watches.',
} as const;
