import type {
  AllMiddlewareArgs,
  App,
  SlackViewMiddlewareArgs,
  ViewResponseAction,
  ViewSubmitAction,
} from '@slack/bolt';
import { createPendingRequests } from '../create/pending-requests.js';
import { ACK_BUDGET_MS } from '../create/within-budget.js';
import { exactly } from '../slack/one-listener.js';
import { isValidView, MALFORMED_VIEW_SENTENCE } from '../slack/payload-schemas.js';
import type { AppDeps } from '../use-cases/deps.js';
import { describeBackendError } from '../views/backend-error.js';
import { buildCreateResultView } from '../views/create-loading.js';
import { escapeMrkdwn } from '../views/escape.js';
import { VIEW } from '../views/ids.js';
import type { ModalHandler } from './context.js';
import { handleCreateSubmit } from './create-submit.js';
import { handleDeclineSubmit } from './decline-submit.js';
import { handleEstimateSubmit } from './estimate-submit.js';
import { handleUploadSubmit } from './upload-submit.js';
import { handleWatchSettingsSubmit } from './watch-settings-submit.js';

/** The only callback_id → view_submission handler table. */
const MODAL_HANDLERS: Record<string, ModalHandler> = {
  [VIEW.createJob]: handleCreateSubmit,
  [VIEW.createEstimate]: handleEstimateSubmit,
  [VIEW.uploadFile]: handleUploadSubmit,
  [VIEW.watchSettings]: handleWatchSettingsSubmit,
  [VIEW.approvalDecline]: handleDeclineSubmit,
};

export interface ModalOptions {
  /** Backend time budget inside the 3-second ack window; tests may shorten it. */
  budgetMs?: number;
}

export function registerModals(app: App, deps: AppDeps, opts: ModalOptions = {}): void {
  const pending = createPendingRequests(deps.now);
  // One listener for the whole table (see slack/one-listener.ts); a callback_id outside it is acked unhandled.
  app.view<ViewSubmitAction>(
    exactly(Object.keys(MODAL_HANDLERS)),
    async ({ ack, body, view, client }: AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>) => {
      const callbackId = view.callback_id;
      const handler = MODAL_HANDLERS[callbackId];
      if (!handler) return;
      if (!isValidView(callbackId, view)) {
        deps.logger.info({ callbackId, user: body.user?.id }, 'malformed view submission: nothing done');
        return ack({ response_action: 'update', view: buildCreateResultView(MALFORMED_VIEW_SENTENCE) });
      }
      let acked = false;
      const once = async (response?: ViewResponseAction) => {
        if (acked) return;
        acked = true;
        await ack(response);
      };
      // One scope per submission: a W&B key it carries is scrubbed from its log lines, then forgotten.
      await deps.secrets.runForRequest(async () => {
        try {
          await handler({
            ack: once,
            body,
            view,
            client,
            deps,
            pending,
            budgetMs: opts.budgetMs ?? ACK_BUDGET_MS,
          });
        } catch (err) {
          deps.logger.error({ err, callbackId, user: body.user.id }, 'modal handler failed');
          // The modal must never hang on "We had some trouble connecting": answer with a sentence.
          await once({
            response_action: 'update',
            view: buildCreateResultView(
              escapeMrkdwn(
                deps.secrets.scrub(describeBackendError(err, deps.backend.label, deps.provider.keyVariable)),
              ),
            ),
          }).catch((ackErr: unknown) => deps.logger.warn({ err: ackErr }, 'fallback ack failed'));
        }
      });
    },
  );
}
