import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
} from '@slack/bolt';
import { exactly } from '../slack/one-listener.js';
import {
  actionValueSchemas,
  isValidActionValue,
  MALFORMED_ACTION_SENTENCE,
} from '../slack/payload-schemas.js';
import type { AppDeps } from '../use-cases/deps.js';
import { homeRespond, isHomeClick } from '../use-cases/home-reply.js';
import { replyNotice, withUserErrors } from '../use-cases/reply.js';
import { ACTION } from '../views/ids.js';
import { handleApprovalApprove } from './approval-approve.js';
import { handleApprovalDecline } from './approval-decline.js';
import type { ActionHandler } from './context.js';
import { handleJobCancel } from './job-cancel.js';
import { handleJobDetails } from './job-details.js';
import { handleJobRefresh } from './job-refresh.js';
import { handleJobSettings } from './job-settings.js';
import { handleJobShare } from './job-share.js';
import { handleJobStart } from './job-start.js';
import { handleJobWatch } from './job-watch.js';
import { handleListPage } from './list-page.js';
import { handleOpenCreate } from './open-create.js';

/** The only action ID → handler table for buttons on messages and on the Home tab. */
const ACTION_HANDLERS: Partial<Record<(typeof ACTION)[keyof typeof ACTION], ActionHandler>> = {
  [ACTION.jobDetails]: handleJobDetails,
  [ACTION.jobRefresh]: handleJobRefresh,
  [ACTION.jobShare]: handleJobShare,
  [ACTION.jobWatch]: handleJobWatch,
  [ACTION.listPrev]: handleListPage,
  [ACTION.listNext]: handleListPage,
  [ACTION.openCreate]: handleOpenCreate,
  [ACTION.jobStart]: handleJobStart,
  [ACTION.jobCancel]: handleJobCancel,
  [ACTION.jobSettings]: handleJobSettings,
  [ACTION.approvalApprove]: handleApprovalApprove,
  [ACTION.approvalDecline]: handleApprovalDecline,
};

export function registerActions(app: App, deps: AppDeps): void {
  const schemas = actionValueSchemas(deps.backend.capabilities.jobIdPattern);
  // One listener for the whole table (see slack/one-listener.ts); an ID outside it is acked unhandled.
  app.action<BlockAction<ButtonAction>>(
    exactly(Object.keys(ACTION_HANDLERS)),
    async ({
      ack,
      body,
      action,
      respond,
      client,
    }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>) => {
      await ack();
      // The pattern admits only the table's IDs; the lookup below still narrows for the type checker.
      const actionId = action.action_id as keyof typeof ACTION_HANDLERS;
      const handler = ACTION_HANDLERS[actionId];
      if (!handler) return;
      const context = { action: actionId, user: body.user.id };
      // A click on the Home tab has no response_url: every answer goes onto the tab instead.
      const answer = isHomeClick(body) ? homeRespond(deps, body.user.id) : respond;
      if (!isValidActionValue(schemas, actionId, action.value)) {
        deps.logger.info(context, 'malformed button value: nothing done');
        return replyNotice(answer, deps, MALFORMED_ACTION_SENTENCE);
      }
      await withUserErrors(deps, answer, context, () =>
        handler({ value: action.value ?? '', body, respond: answer, client, deps }),
      );
    },
  );
}
