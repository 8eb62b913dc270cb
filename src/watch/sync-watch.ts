import type { JobDetails } from '../domain/job.js';
import { isTerminalStatus } from '../domain/status.js';
import { settingsOf } from '../domain/watch-settings.js';
import type { StoredWatch } from '../store/watch-store.js';
import { buildJobCard } from '../views/job-card.js';
import { buildJobGoneCard } from '../views/watch-notices.js';
import { buildCreatorDm, buildTerminalSummary } from '../views/watch-terminal.js';
import { buildTransitionReply } from '../views/watch-transition.js';
import { decideFor } from './decide.js';
import { endMute } from './mute.js';
import { type PostOutcome, postOnce, postOnceReporting } from './outbox.js';
import { disableWatch, patchWatch } from './patch-watch.js';
import { postDueChart } from './post-charts.js';
import { isPermanentSlackError, slackErrorCode } from './slack-errors.js';
import { syncWarnings } from './sync-warnings.js';
import { isMuted } from './thread-policy.js';
import {
  cardFingerprint,
  fingerprintStatus,
  isOlderFingerprint,
  type Transition,
  transitionsOf,
} from './transitions.js';
import type { JobClocks } from './warnings.js';
import type { WatchDeps } from './watch-deps.js';

const CARD_GRACE_MS = 30_000;

/** A watched card as posted or edited: the job card, with what approvals add (see `cardOverlay`). */
function watchedCard(d: WatchDeps, job: JobDetails) {
  const card = buildJobCard(d.view(), job, { shared: true });
  return d.cardOverlay ? d.cardOverlay(job, card) : card;
}

/** A watch's outbox keys start with this, so a later re-watch of the same job and channel posts anew. */
export const watchKeyOf = (w: StoredWatch) => `${w.jobId}:${w.channel}:${w.startedMs}`;

/** Posts the watch's card once; `posted` is false when an earlier post was adopted instead. */
export function postCard(d: WatchDeps, w: StoredWatch, job: JobDetails): Promise<PostOutcome> {
  return postOnceReporting(d, {
    key: `card:${watchKeyOf(w)}`,
    channel: w.channel,
    jobId: w.jobId,
    kind: 'card',
    status: job.status,
    message: watchedCard(d, job),
  });
}

const cardKey = (channel: string, ts: string) => `${channel}:${ts}`;

/**
 * Records what a card just posted shows, so the next pass edits it only when that changed. A card
 * this call did not post itself (adopted after a restart: its post reached Slack, its answer did
 * not) shows whatever job state it was posted with, so it is recorded as unknown and edited next.
 */
export function rememberCard(d: WatchDeps, channel: string, card: PostOutcome, job: JobDetails): void {
  const key = cardKey(channel, card.ts);
  if (card.posted) d.cardShown.set(job.id, key, cardFingerprint(job));
  else d.cardShown.delete(job.id, key);
}

/**
 * Queues an edit of the card when what it shows changed, and returns at once: edits are paced at
 * chat.update's tier and coalesced per card, so a poll pass (and the status replies it posts) never
 * waits behind the progress edits of other jobs. A permanent Slack error on the edit disables the
 * watch when it happens; anything else is logged and the card is edited again next pass.
 */
export function refreshCard(d: WatchDeps, w: StoredWatch, job: JobDetails): void {
  if (!w.cardTs) return;
  const key = cardKey(w.channel, w.cardTs);
  const fp = cardFingerprint(job);
  const shown = d.cardShown.get(w.jobId, key);
  if (shown === fp || (shown !== undefined && isOlderFingerprint(fp, shown))) return;
  // Recorded before the (paced, possibly delayed) edit, so a concurrent older snapshot is dropped.
  d.cardShown.set(w.jobId, key, fp);
  const urgent = shownStatus(w, shown) !== job.status;
  d.poster
    .update(w.channel, w.cardTs, watchedCard(d, job), { urgent })
    .catch(async (err: unknown) => {
      if (d.cardShown.get(w.jobId, key) === fp) d.cardShown.delete(w.jobId, key);
      const code = slackErrorCode(err);
      if (code && isPermanentSlackError(err)) return disableWatch(d, w, code);
      d.logger.warn({ err, jobId: w.jobId, channel: w.channel }, 'could not edit the job card');
    })
    .catch((err: unknown) => d.logger.error({ err, jobId: w.jobId }, 'could not disable the watch'));
}

/**
 * Edits the card of a watch whose job is gone (404) to say so, without its buttons: queued like any
 * card edit (urgent, ahead of progress), never awaited by the pass. A failed edit is only logged:
 * the watch has ended, and the thread says why.
 */
export function markCardGone(d: WatchDeps, w: StoredWatch): void {
  if (!w.cardTs) return;
  d.cardShown.delete(w.jobId, cardKey(w.channel, w.cardTs));
  d.poster
    .update(w.channel, w.cardTs, buildJobGoneCard(d.view(), w.jobId), { urgent: true })
    .catch((err: unknown) =>
      d.logger.warn({ err, jobId: w.jobId, channel: w.channel }, 'could not mark the card of a gone job'),
    );
}

/**
 * The status the card shows: from the last edit this process made, else (after a restart) the last
 * status posted in its thread, else the status it was posted with. A restart thus keeps progress
 * edits routine and still puts a card whose status changed first.
 */
function shownStatus(w: StoredWatch, fingerprint: string | undefined): string | undefined {
  if (fingerprint !== undefined) return fingerprintStatus(fingerprint);
  if (w.lastNotified) return w.lastNotified;
  return w.baseline[w.baseline.length - 1]?.split('@')[0];
}

/**
 * One new status change, as the watch's settings say: a thread reply (the terminal one also sent to
 * the channel, and mentioning, as they say), held for the mute's summary while muted, or filtered
 * out. Whatever the decision, the change is recorded as handled, so changing a filter later never
 * posts it. The creator's DM on the end goes out whatever the thread gets.
 */
async function handleTransition(d: WatchDeps, w: StoredWatch, job: JobDetails, t: Transition) {
  const terminal = isTerminalStatus(t.status);
  const decision = await decideFor(d, w, t.status);
  const held = decision.post && isMuted(w, d.now());
  if (decision.post && !held) {
    const ctx = d.view();
    await postOnce(d, {
      key: `${terminal ? 'end' : 'tr'}:${watchKeyOf(w)}:${t.key}`,
      channel: w.channel,
      threadTs: w.cardTs,
      broadcast: decision.broadcast,
      jobId: w.jobId,
      kind: terminal ? 'terminal' : 'transition',
      status: t.status,
      message: terminal
        ? buildTerminalSummary(ctx, job, t.status, decision.mention)
        : buildTransitionReply(ctx, job, t.status),
    });
  }
  if (terminal) await dmCreator(d, job, t.status, w.channel);
  const heldWhileMuted = held ? { heldWhileMuted: [...(w.heldWhileMuted ?? []), t.key] } : {};
  // Recorded on the watch, not only in the outbox: outbox records expire, a long watch does not.
  return (
    (await patchWatch(d, w, {
      lastNotified: t.status,
      posted: [...(w.posted ?? []), t.key],
      ...heldWhileMuted,
    })) ?? w
  );
}

/**
 * Loss charts go with the thread replies: none while muted, milestones only when every change is
 * posted, the final one when the end was.
 */
async function chartsWanted(d: WatchDeps, w: StoredWatch, job: JobDetails): Promise<boolean> {
  if (isMuted(w, d.now())) return false;
  if (settingsOf(w).only === 'all') return true;
  return isTerminalStatus(job.status) && (await decideFor(d, w, job.status)).post;
}

/** The creator hears once per job, whichever channel's watch gets there first. */
async function dmCreator(d: WatchDeps, job: JobDetails, status: string, channel: string) {
  try {
    const info = await d.creators.createdInfo(job.id);
    if (!info) return;
    const dm = await d.poster.openDm(info.userId);
    await postOnce(d, {
      key: `dm:${job.id}:${status}`,
      channel: dm,
      jobId: job.id,
      kind: 'dm',
      status,
      message: buildCreatorDm(d.view(), job, status, info.channel || channel),
    });
  } catch (err) {
    // Slack refused (user gone, DMs closed): no retry helps, and the channel's watch must not
    // suffer for it. Anything else (network, 5xx, 429 left over) is retried with the next pass,
    // before the watch ends; the DM's outbox key keeps it to one message.
    if (slackErrorCode(err) === undefined) throw err;
    d.logger.warn({ err, jobId: job.id }, 'could not DM the job creator');
  }
}

/**
 * Brings one watch up to date with the job: card posted and current, every new transition handled
 * once as its settings say (thread reply, broadcast, mention; held while muted; creator DMed at the
 * end), early warnings raised and cleared once each (`clocks`: what the poller knows of the job's
 * progress; not posted while muted), the loss chart due at a quarter of training or at the end, then
 * the watch ends on a terminal status.
 * Permanent Slack errors disable the watch; other errors are thrown for the poller to retry.
 */
export async function syncWatch(
  d: WatchDeps,
  watch: StoredWatch,
  job: JobDetails,
  clocks?: JobClocks,
): Promise<void> {
  let w = watch;
  // A fresh watch without a card is still being set up by `watch()` (maybe on another instance).
  if (!w.cardTs && d.now() - w.startedMs < CARD_GRACE_MS) return;
  try {
    if (!w.cardTs) {
      const card = await postCard(d, w, job);
      w = (await patchWatch(d, w, { cardTs: card.ts })) ?? w;
      rememberCard(d, w.channel, card, job);
    }
    refreshCard(d, w, job);
    // A mute that ended before this change is summed up first, so the thread stays in order.
    if (w.mutedUntil !== undefined && !isMuted(w, d.now())) w = await endMute(d, w);
    for (const t of transitionsOf(job)) {
      if (w.baseline.includes(t.key) || w.posted?.includes(t.key)) continue;
      w = await handleTransition(d, w, job, t);
    }
    w = await syncWarnings(d, w, job, clocks);
    if (await chartsWanted(d, w, job)) w = await postDueChart(d, w, job);
    if (isTerminalStatus(job.status)) {
      await patchWatch(d, w, { state: 'finished', reason: `Finished: ${job.status}.` });
    }
  } catch (err) {
    const code = slackErrorCode(err);
    if (code && isPermanentSlackError(err)) return disableWatch(d, w, code);
    throw err;
  }
}
