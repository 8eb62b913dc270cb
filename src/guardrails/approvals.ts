import { randomBytes } from 'node:crypto';
import { isBackendError } from '../backend/errors.js';
import {
  type ApprovalConfig,
  type ApprovalRecord,
  type ApprovalService,
  approvalReason,
  type GateInput,
} from '../domain/approval.js';
import type { JobDetails } from '../domain/job.js';
import { canStartJob, phaseOf } from '../domain/status.js';
import { NOT_OPERATOR_SENTENCE, type OperatorCheck } from '../slack/operators.js';
import type { OnceClaims } from '../store/once-claims.js';
import { recordAudit } from '../use-cases/audit.js';
import type { AppDeps } from '../use-cases/deps.js';
import { withAwaitingApproval } from '../views/approval-card.js';
import { decisionSentence } from '../views/approval-request.js';
import { describeBackendError } from '../views/backend-error.js';
import { startedByText } from '../views/control-sentences.js';
import { dateToken } from '../views/format.js';
import type { SlackMessage } from '../views/types.js';
import type { WatchDeps } from '../watch/watch-deps.js';
import { createApprovalPosts } from './approval-posts.js';
import {
  approverLookupFailedSentence,
  noPlaceToAskSentence,
  notApproverSentence,
  ownRequestSentence,
  requestedSentence,
  stillValidatingSentence,
} from './approval-sentences.js';
import type { ApprovalStore } from './approval-store.js';

export interface ApprovalServiceDeps {
  app: AppDeps;
  watch: WatchDeps;
  config: ApprovalConfig;
  isApprover: OperatorCheck;
  store: ApprovalStore;
  claims: OnceClaims;
}

/** A decision claim outlives every request (it is what makes a late second click a no-op). */
const CLAIM_TTL_MS = 90 * 24 * 3600 * 1000;
const seconds = (ms: number) => Math.floor(ms / 1000);

/** Waiting for its start, or still being validated before it (a create over the threshold on Mistral). */
function mayStillStart(job: JobDetails): boolean {
  const phase = phaseOf(job.status);
  return !job.auto_start && (canStartJob(job) || phase === 'queued' || phase === 'validating');
}

/** The service, and what the watched cards show of it. */
export interface ApprovalEngine extends ApprovalService {
  /** `WatchDeps.cardOverlay`: a card of a job waiting for approval says so, and has no Start. */
  cardOverlay(job: JobDetails, card: SlackMessage): SlackMessage;
  /** The job's request still open (what its card and its creator's Home tab show), if any. */
  openRequestOf(job: JobDetails): ApprovalRecord | undefined;
}

export function createApprovalService(s: ApprovalServiceDeps): ApprovalEngine {
  const { app, watch, config, store } = s;
  // The requests still open, by job: what a card edit (sync, from the poller) shows. Set here when a
  // request is made or decided, and read again from the store by every sweep (other instances' too).
  const awaiting = new Map<string, ApprovalRecord>();

  /** The job's card to thread the request under: the clicked one, or a live watch's card. */
  async function whereToAsk(i: GateInput): Promise<{ channel: string; threadTs?: string } | undefined> {
    const created = await app.creators.createdInfo(i.job.id).catch(() => undefined);
    const channels = [i.clicked?.channel, i.channel, created?.channel].filter((c): c is string => !!c);
    for (const channel of new Set(channels)) {
      const records = await app.watches.watching(channel).catch(() => []);
      const card = records.find((w) => w.jobId === i.job.id && w.cardTs && w.state === 'active');
      if (card?.cardTs) return { channel, threadTs: card.cardTs };
    }
    return channels[0] ? { channel: channels[0] } : undefined;
  }

  const posts = createApprovalPosts({ app, watch, config, store });
  const { announceDecision, restoreCard, postRequest } = posts;

  /** Takes the one decision of the request; false when someone (or the expiry) already has it. */
  async function claim(r: ApprovalRecord, who: string): Promise<boolean> {
    const mine = `${who}:${randomBytes(8).toString('hex')}`;
    return (await s.claims.claim(`decision:${r.id}`, mine, CLAIM_TTL_MS)) === mine;
  }

  async function expire(r: ApprovalRecord): Promise<ApprovalRecord | undefined> {
    if (!(await claim(r, 'expiry'))) return undefined;
    awaiting.delete(r.jobId);
    const expired: ApprovalRecord = { ...r, state: 'expired', decidedAt: r.expiresAt };
    await store.put(expired);
    await recordAudit(app, {
      user: r.requester,
      action: 'expired',
      jobId: r.jobId,
      channel: r.channel,
      estimate: { cost: r.cost, cost_currency: r.currency },
      detail: `undecided since ${new Date(r.requestedAt).toISOString()}`,
    });
    await announceDecision(expired);
    await restoreCard(expired);
    return expired;
  }

  const isExpired = (r: ApprovalRecord) => r.state === 'pending' && app.now() >= r.expiresAt;
  const openRequestOf = (job: JobDetails) => {
    const r = awaiting.get(job.id);
    return r && !isExpired(r) && mayStillStart(job) ? r : undefined;
  };

  /** Why this user may not decide (not an approver, or their own start), or undefined. */
  async function mayNotDecide(r: ApprovalRecord, userId: string): Promise<string | undefined> {
    const verdict = await s.isApprover.verdict(userId);
    if (!verdict.allowed)
      return verdict.sentence === NOT_OPERATOR_SENTENCE ? notApproverSentence : approverLookupFailedSentence;
    const onlyApprover = config.approvers.length === 1 && config.approvers[0] === userId;
    if (r.requester === userId && !onlyApprover) return ownRequestSentence;
    return undefined;
  }

  async function refuse(r: ApprovalRecord, userId: string, sentence: string): Promise<string> {
    await recordAudit(app, {
      user: userId,
      action: 'refused',
      jobId: r.jobId,
      channel: r.channel,
      estimate: { cost: r.cost, cost_currency: r.currency },
      detail: `approval: ${sentence}`,
    });
    return sentence;
  }

  /** What a click on a request that is no longer pending is told. */
  async function settled(r: ApprovalRecord): Promise<string> {
    if (isExpired(r)) return decisionSentence((await expire(r)) ?? { ...r, state: 'expired' });
    if (r.state === 'pending')
      return 'Another approver is deciding this request right now; the thread will say how.';
    return `Already decided: ${decisionSentence(r)}`;
  }

  async function approve(r: ApprovalRecord, userId: string): Promise<string> {
    const approved: ApprovalRecord = { ...r, state: 'approved', decidedBy: userId, decidedAt: app.now() };
    await store.put(approved);
    awaiting.delete(r.jobId);
    let job: JobDetails;
    try {
      job = await app.backend.startJob(r.jobId);
    } catch (err) {
      const note =
        isBackendError(err) && err.kind === 'conflict'
          ? `it is ${(await app.backend.getJob(r.jobId).catch(() => undefined))?.status ?? 'no longer waiting'} now`
          : app.secrets.scrub(describeBackendError(err, app.backend.label, app.provider.keyVariable));
      const failed: ApprovalRecord = { ...approved, state: 'failed', note };
      await store.put(failed);
      await recordAudit(app, {
        user: userId,
        action: 'approved',
        jobId: r.jobId,
        channel: r.channel,
        estimate: { cost: r.cost, cost_currency: r.currency },
        detail: `start failed: ${note}`,
      });
      await announceDecision(failed);
      await restoreCard(failed);
      return decisionSentence(failed);
    }
    app.logger.info({ user: userId, requester: r.requester, jobId: r.jobId }, 'approved start requested');
    const estimate = { cost: r.cost, cost_currency: r.currency };
    await recordAudit(app, {
      user: userId,
      action: 'approved',
      jobId: r.jobId,
      channel: r.channel,
      estimate,
      detail: `start asked by ${r.requester}`,
    });
    await recordAudit(app, {
      user: r.requester,
      action: 'start',
      jobId: r.jobId,
      channel: r.channel,
      estimate,
      detail: `approved by ${userId}`,
    });
    await announceDecision(approved);
    await app.watches
      .announce(job, `${startedByText(r.requester)}, approved by <@${userId}>`)
      .catch((err: unknown) => app.logger.warn({ err, jobId: r.jobId }, 'could not announce the start'));
    return decisionSentence(approved);
  }

  async function decline(r: ApprovalRecord, userId: string, reason?: string): Promise<string> {
    const note = reason?.trim() ? app.secrets.scrub(reason.trim()) : undefined;
    awaiting.delete(r.jobId);
    const declined: ApprovalRecord = {
      ...r,
      state: 'declined',
      decidedBy: userId,
      decidedAt: app.now(),
      note,
    };
    await store.put(declined);
    await recordAudit(app, {
      user: userId,
      action: 'declined',
      jobId: r.jobId,
      channel: r.channel,
      estimate: { cost: r.cost, cost_currency: r.currency },
      detail: note,
    });
    await announceDecision(declined);
    await restoreCard(declined);
    return decisionSentence(declined);
  }

  return {
    config,

    async gate(i) {
      const why = i.reason ?? approvalReason(config.over, i.job.metadata);
      if (!why) return undefined;
      const open = await store.latestOf(i.job.id);
      if (open && isExpired(open)) await expire(open);
      else if (open?.state === 'pending') {
        // Asked before, but the request never reached Slack (it failed): post it now, once.
        if (!open.requestTs) awaiting.set(open.jobId, await postRequest(open, i.job));
        return decisionSentence(open);
      }
      const where = await whereToAsk(i);
      if (!where) return noPlaceToAskSentence;
      const now = app.now();
      const r: ApprovalRecord = {
        id: randomBytes(8).toString('hex'),
        jobId: i.job.id,
        requester: i.userId,
        ...where,
        ...(i.job.metadata?.cost != null ? { cost: i.job.metadata.cost } : {}),
        ...(i.job.metadata?.cost_currency ? { currency: i.job.metadata.cost_currency } : {}),
        requestedAt: now,
        expiresAt: now + config.expiresMs,
        state: 'pending',
        reason: why,
      };
      await store.put(r);
      await recordAudit(app, {
        user: i.userId,
        action: 'approval_requested',
        jobId: r.jobId,
        channel: r.channel,
        estimate: i.job.metadata,
        detail: why,
      });
      awaiting.set(r.jobId, r);
      const posted = await postRequest(r, i.job);
      awaiting.set(r.jobId, posted);
      return requestedSentence(posted, why, dateToken(seconds(posted.expiresAt)));
    },

    jobOf: async (requestId) => (await store.get(requestId))?.jobId,

    async expireDue() {
      let n = 0;
      const open = new Map<string, ApprovalRecord>();
      for (const id of await store.pendingIds()) {
        const r = await store.get(id);
        if (!r) continue;
        if (isExpired(r)) {
          if (await expire(r)) n += 1;
        } else if (r.state === 'pending') open.set(r.jobId, r);
      }
      awaiting.clear();
      for (const [jobId, r] of open) awaiting.set(jobId, r);
      return n;
    },

    cardOverlay(job, card) {
      const r = openRequestOf(job);
      return r ? withAwaitingApproval(card, r) : card;
    },
    openRequestOf,

    async refusal(requestId, userId) {
      const r = await store.get(requestId);
      if (!r) return 'I do not know this approval request any more; nothing was started.';
      if (r.state !== 'pending' || isExpired(r)) return settled(r);
      const no = await mayNotDecide(r, userId);
      return no ? refuse(r, userId, no) : undefined;
    },

    async decide(requestId, userId, d) {
      const r = await store.get(requestId);
      if (!r) return 'I do not know this approval request any more; nothing was started.';
      if (r.state !== 'pending' || isExpired(r)) return settled(r);
      const no = await mayNotDecide(r, userId);
      if (no) return refuse(r, userId, no);
      if (d.kind === 'approve') {
        // A job still being validated cannot start yet: nothing is claimed, the request stays open.
        const job = await app.backend.getJob(r.jobId);
        if (!canStartJob(job) && (job.status === 'QUEUED' || job.status === 'VALIDATING'))
          return stillValidatingSentence(job.id, job.status);
      }
      if (!(await claim(r, userId))) return settled((await store.get(requestId)) ?? r);
      return d.kind === 'approve' ? approve(r, userId) : decline(r, userId, d.reason);
    },
  };
}
