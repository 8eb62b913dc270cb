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
