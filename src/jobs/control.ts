import type { RespondFn } from '@slack/bolt';
import { isBackendError } from '../backend/errors.js';
import { resolveJob } from '../backend/resolve-job.js';
import type { JobDetails } from '../backend/types.js';
import { type AppDeps, viewContext } from '../deps.js';
import { operatorVerdict } from '../slack/operators.js';
import { reply, replyNotice } from '../slack/reply.js';
import { code } from '../views/escape.js';
import { buildAmbiguousJobMessage, buildJobCard } from '../views/index.js';
import {
  type ControlAction,
  cancelledByText,
  doneSentence,
  startedByText,
  whyNot,
} from './control-sentences.js';
import { refuseNonOperator } from './refuse.js';

export interface ControlInput {
  deps: AppDeps;
  action: ControlAction;
  /** A full job id or a unique prefix. */
  ref: string;
  userId: string;
  respond: RespondFn;
  /** Set when a card button was clicked: that card is updated in place unless a watch refreshes it. */
  clicked?: { channel?: string; messageTs?: string; ephemeral: boolean };
}

/**
 * Start or cancel, for the slash command and the card buttons alike: operator check → resolve →
 * state check (a sentence naming the current status) → backend → thread reply on every card of the
 * job, naming who did it.
 */
export async function controlJob(i: ControlInput): Promise<void> {
  const { deps, action, userId, respond } = i;
  const verdict = await operatorVerdict(deps.isOperator, userId);
  if (!verdict.allowed) {
    const jobId = i.ref.slice(0, 64);
    return refuseNonOperator(deps, respond, { user: userId, action, jobId, sentence: verdict.sentence });
  }
  const found = await resolveJob(deps.backend, i.ref);
  if (found.kind === 'invalid') return replyNotice(respond, deps, found.reason);
  if (found.kind === 'none') {
    return replyNotice(
      respond,
      deps,
      `No job on ${deps.backend.label} has an id starting with ${code(i.ref)}.`,
    );
  }
  if (found.kind === 'ambiguous') {
    return reply(respond, buildAmbiguousJobMessage(viewContext(deps), i.ref, found.candidates), deps.logger);
  }
  const refusal = whyNot(action, found.job);
  if (refusal) return replyNotice(respond, deps, refusal);
  let job: JobDetails;
  try {
    job =
      action === 'start'
        ? await deps.backend.startJob(found.job.id)
        : await deps.backend.cancelJob(found.job.id);
  } catch (err) {
    // 409: the job moved on between our read and the request; say where it is now.
    if (isBackendError(err) && err.kind === 'conflict') {
      const now = await deps.backend.getJob(found.job.id);
      return replyNotice(respond, deps, whyNot(action, now) ?? doneSentence(action, now));
    }
    throw err;
  }
  deps.logger.info({ user: userId, action, jobId: job.id, status: job.status }, `job ${action} requested`);
  await announce(deps, job, action === 'start' ? startedByText(userId) : cancelledByText(userId));
  await updateClickedCard(i, job);
  if (!i.clicked) await replyNotice(respond, deps, doneSentence(action, job));
}

async function announce(deps: AppDeps, job: JobDetails, text: string): Promise<void> {
  try {
    await deps.watches.announce(job, text);
  } catch (err) {
    deps.logger.warn({ err, jobId: job.id }, 'could not announce on the job cards');
  }
}

/** A watched card is refreshed by `announce`; any other clicked card (e.g. from /finetune status) is replaced here. */
async function updateClickedCard(i: ControlInput, job: JobDetails): Promise<void> {
  const c = i.clicked;
  if (!c) return;
  if (
    !c.ephemeral &&
    c.channel &&
    c.messageTs &&
    (await isWatchedCard(i.deps, c.channel, c.messageTs, job.id))
  )
    return;
  const card = buildJobCard(viewContext(i.deps), job, { shared: !c.ephemeral, lastUpdatedBy: i.userId });
  await reply(i.respond, card, i.deps.logger, { replace: true, inChannel: !c.ephemeral });
}

async function isWatchedCard(deps: AppDeps, channel: string, ts: string, jobId: string): Promise<boolean> {
  try {
    const records = await deps.watches.watching(channel);
    return records.some((r) => r.jobId === jobId && r.cardTs === ts);
  } catch {
    return false;
  }
}
