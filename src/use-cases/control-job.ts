import type { RespondFn } from '@slack/bolt';
import { isBackendError } from '../backend/errors.js';
import type { JobDetails } from '../domain/job.js';
import {
  type ControlAction,
  cancelledByText,
  doneSentence,
  startedByText,
  whyNot,
} from '../views/control-sentences.js';
import { buildJobCard } from '../views/index.js';
import { recordAudit } from './audit.js';
import { budgetChannelOf } from './budget-check.js';
import { type AppDeps, viewContext } from './deps.js';
import { findJob } from './find-job.js';
import { operatorRefusal } from './operator-gate.js';
import { reply, replyNotice } from './reply.js';
import { startGuard } from './start-guard.js';

export interface ControlInput {
  deps: AppDeps;
  action: ControlAction;
  /** A full job id or a unique prefix. */
  ref: string;
  userId: string;
  respond: RespondFn;
  /** Set when a card button was clicked: that card is updated in place unless a watch refreshes it. */
  clicked?: { channel?: string; messageTs?: string; ephemeral: boolean };
  /** The channel a typed command came from (where an approval is asked when the job has no card). */
  channel?: string;
}

/**
 * Start or cancel, for the slash command and the card buttons alike: operator check → resolve →
 * state check (a sentence naming the current status) → backend → thread reply on every card of the
 * job, naming who did it.
 */
export async function controlJob(i: ControlInput): Promise<void> {
  const { deps, action, userId, respond } = i;
  const refused = await operatorRefusal(deps, { user: userId, action, jobId: i.ref });
  if (refused) return replyNotice(respond, deps, refused);
  const found = await findJob(deps, respond, i.ref);
  if (!found) return;
  const refusal = whyNot(action, found);
  if (refusal) return replyNotice(respond, deps, refusal);
  if (action === 'start') {
    const held = await startGuard(deps, { job: found, userId, clicked: i.clicked, channel: i.channel });
    if (held) return replyNotice(respond, deps, held);
  }
  let job: JobDetails;
  // Who cancels is written before the cancel, so no poll pass can see CANCELLED without it (the
  // watch filters tell a creator's own cancel from someone else's).
  if (action === 'cancel') await deps.creators.recordCancelledBy(found.id, userId);
  try {
    job = action === 'start' ? await deps.backend.startJob(found.id) : await deps.backend.cancelJob(found.id);
  } catch (err) {
    if (action === 'cancel') await deps.creators.recordCancelledBy(found.id, undefined);
    // 409: the job moved on between our read and the request; say where it is now.
    if (isBackendError(err) && err.kind === 'conflict') {
      const now = await deps.backend.getJob(found.id);
      return replyNotice(respond, deps, whyNot(action, now) ?? doneSentence(action, now));
    }
    throw err;
  }
  deps.logger.info({ user: userId, action, jobId: job.id, status: job.status }, `job ${action} requested`);
  await recordAudit(deps, {
    user: userId,
    action,
    jobId: job.id,
    // Where the job belongs (the clicked card's, the typed command's, else the one it was created in),
    // so `/finetune audit #channel` lists starts and cancels made on the Home tab too.
    channel: await budgetChannelOf(deps, job.id, i.clicked?.channel ?? i.channel),
    estimate: found.metadata,
  });
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
