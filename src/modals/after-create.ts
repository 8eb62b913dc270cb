import type { WebClient } from '@slack/web-api';
import { isDraftId } from '../domain/draft.js';
import type { Job, JobDetails } from '../domain/job.js';
import { recordAudit } from '../use-cases/audit.js';
import { type AppDeps, viewContext } from '../use-cases/deps.js';
import { code, shortId } from '../views/escape.js';
import { buildNoticeMessage } from '../views/index.js';

export interface CreatedInput {
  job: Job;
  userId: string;
  channel: string;
}

export const createdByText = (userId: string) => `🆕 Created by <@${userId}>`;

/** The modal's last word after a successful create. */
export function createdSentence(job: Job, channel: string, backendLabel: string): string {
  if (isDraftId(job.id)) {
    return job.status === 'VALIDATED'
      ? `:white_check_mark: Job ${code(job.id)} is held by the bot as a draft (${backendLabel} starts every job it is given, so nothing is sent or spent yet). Its card in <#${channel}> shows the estimate and a *Start training* button; the job is created on ${backendLabel} when someone presses it.`
      : `:warning: Job ${code(job.id)} was kept as a draft, but its data did not pass the checks (${job.status}); nothing was sent to ${backendLabel}. Its card in <#${channel}> says what is wrong.`;
  }
  const next = job.auto_start
    ? 'Training starts by itself once the data is validated.'
    : 'When the data is validated, the card shows the estimated cost and a *Start training* button.';
  return `:white_check_mark: Job ${code(job.id)} was created on ${backendLabel} (${job.status}). Its card is posted in <#${channel}>. ${next}`;
}

export function cardFailedSentence(job: Job, channel: string, backendLabel: string): string {
  return `Job ${code(job.id)} was created on ${backendLabel}, but I could not post its card in <#${channel}> (am I a member? Private channels need \`/invite\`). The job exists: see it with \`/finetune status ${shortId(job.id)}\`.`;
}

/**
 * Everything that follows a create: remember who created it, post the card in the chosen channel
 * (the watch service owns cards), and say who did it in the card's thread. Each step's failure is
 * logged and, when the user would otherwise never find the job, told to them by DM.
 */
export async function afterCreate(deps: AppDeps, client: WebClient, c: CreatedInput): Promise<void> {
  const { job, userId, channel } = c;
  const log = deps.logger.child({ jobId: job.id, user: userId, channel });
  await recordAudit(deps, {
    user: userId,
    action: 'create',
    jobId: job.id,
    channel,
    estimate: job.metadata,
    ...(job.auto_start ? { detail: 'with auto start' } : {}),
  });
  try {
    await deps.creators.recordCreated({
      jobId: job.id,
      userId,
      channel,
      createdAt: Math.floor(deps.now() / 1000),
    });
  } catch (err) {
    log.error({ err }, 'could not record the creator');
  }
  const details: JobDetails = { ...job, events: [], checkpoints: [] };
  try {
    await deps.watches.watch({ jobId: job.id, channel, userId, job: details });
  } catch (err) {
    log.warn({ err }, 'could not post the new job card');
    await tellUser(deps, client, userId, cardFailedSentence(job, channel, deps.backend.label));
    return;
  }
  try {
    await deps.watches.announce(details, createdByText(userId));
  } catch (err) {
    log.warn({ err }, 'could not announce the new job');
  }
}

/**
 * A DM reaches the user even where the bot cannot post. It is the same notice as every other
 * sentence the app sends, so it carries the sandbox line when the jobs are simulated.
 */
export async function tellUser(
  deps: AppDeps,
  client: WebClient,
  userId: string,
  sentence: string,
): Promise<void> {
  const { text, blocks } = buildNoticeMessage(viewContext(deps), sentence);
  try {
    await client.chat.postMessage({ channel: userId, text, blocks });
  } catch (err) {
    deps.logger.warn({ err, user: userId }, 'could not DM the user');
  }
}
