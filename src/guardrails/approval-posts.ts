import type { ApprovalConfig, ApprovalRecord } from '../domain/approval.js';
import type { JobDetails } from '../domain/job.js';
import type { AppDeps } from '../use-cases/deps.js';
import { buildAwaitingApprovalCard } from '../views/approval-card.js';
import { buildApprovalDecided, buildApprovalRequest, decisionSentence } from '../views/approval-request.js';
import { shortId } from '../views/escape.js';
import { buildJobCard } from '../views/job-card.js';
import { buildNoticeMessage } from '../views/notice-message.js';
import type { SlackMessage } from '../views/types.js';
import { postOnce } from '../watch/outbox.js';
import type { WatchDeps } from '../watch/watch-deps.js';
import type { ApprovalStore } from './approval-store.js';

export interface ApprovalPostsDeps {
  app: AppDeps;
  watch: WatchDeps;
  config: ApprovalConfig;
  store: ApprovalStore;
}

/**
 * What an approval request says in Slack, each post once (outbox keys per request): the request in
 * the card's thread, the card's awaiting line, the decision reply, the request closed, the DM.
 * Slack failures after the decision are logged: the decision itself is already stored.
 */
export function createApprovalPosts(d: ApprovalPostsDeps) {
  const { app, watch, config, store } = d;
  const view = () => watch.view();

  async function editCard(r: ApprovalRecord, message: SlackMessage): Promise<void> {
    if (!r.threadTs) return;
    await watch.poster
      .update(r.channel, r.threadTs, message, { urgent: true })
      .catch((err: unknown) =>
        app.logger.warn({ err, jobId: r.jobId }, 'could not edit the card for approval'),
      );
  }

  async function tellRequester(r: ApprovalRecord): Promise<void> {
    try {
      const dm = await watch.poster.openDm(r.requester);
      await postOnce(watch, {
        key: `approval-dm:${r.id}`,
        channel: dm,
        jobId: r.jobId,
        kind: 'dm',
        status: r.state,
        message: buildNoticeMessage(
          view(),
          `Your start of job \`${shortId(r.jobId)}\` in <#${r.channel}>: ${decisionSentence(r)}`,
        ),
      });
    } catch (err) {
      app.logger.warn({ err, jobId: r.jobId, user: r.requester }, 'could not DM the requester');
    }
  }

  /** The decision: a reply in the thread (once), the request's buttons replaced, the requester DMed. */
  async function announceDecision(r: ApprovalRecord): Promise<void> {
    const threadTs = r.threadTs ?? r.requestTs;
    try {
      await postOnce(watch, {
        key: `approval-decision:${r.id}`,
        channel: r.channel,
        threadTs,
        jobId: r.jobId,
        kind: 'notice',
        status: r.state,
        message: buildNoticeMessage(view(), decisionSentence(r)),
      });
    } catch (err) {
      app.logger.warn({ err, jobId: r.jobId }, 'could not post the approval decision');
    }
    if (r.requestTs) {
      await watch.poster
        .update(r.channel, r.requestTs, buildApprovalDecided(view(), r))
        .catch((err: unknown) => app.logger.warn({ err, jobId: r.jobId }, 'could not close the request'));
    }
    await tellRequester(r);
  }

  /** Back to the plain card (Start button and all): the request is over without a start. */
  async function restoreCard(r: ApprovalRecord): Promise<void> {
    if (!r.threadTs) return;
    try {
      await editCard(r, buildJobCard(view(), await app.backend.getJob(r.jobId), { shared: true }));
    } catch (err) {
      app.logger.warn({ err, jobId: r.jobId }, 'could not restore the card');
    }
  }

  /** The request message (posted once: the outbox key), then the card shows it is awaiting approval. */
  async function postRequest(r: ApprovalRecord, job: JobDetails): Promise<ApprovalRecord> {
    const requestTs = await postOnce(watch, {
      key: `approval:${r.id}`,
      channel: r.channel,
      threadTs: r.threadTs,
      jobId: r.jobId,
      kind: 'notice',
      status: 'approval',
      message: buildApprovalRequest(view(), r, {
        approvers: config.approvers,
        why: r.reason ?? 'it needs approval',
      }),
    });
    const posted: ApprovalRecord = { ...r, requestTs };
    await store.put(posted);
    // The job as it is now: a card edited meanwhile by the poller must not go back to an older status.
    const now = await app.backend.getJob(r.jobId).catch(() => job);
    await editCard(posted, buildAwaitingApprovalCard(view(), now, posted));
    return posted;
  }

  return { announceDecision, restoreCard, postRequest };
}
