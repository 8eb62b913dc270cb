import type { RespondFn } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { buildCreateLoadingView } from '../views/create-loading.js';
import type { AppDeps } from './deps.js';
import { loadCreateForm } from './load-create-form.js';
import { operatorRefusal } from './operator-gate.js';
import { replaceView } from './replace-view.js';
import { replyNotice } from './reply.js';

export interface OpenCreateInput {
  deps: AppDeps;
  client: WebClient;
  triggerId: string;
  userId: string;
  /** Where the command or button was used: the default for "post updates to". */
  channel?: string;
  respond: RespondFn;
}

export const TRIGGER_EXPIRED_SENTENCE =
  'Slack did not let me open the form in time (it allows 3 seconds). Please run `/finetune create` again.';

/**
 * Opens the loading view at once (the trigger_id dies after 3 s, and the backend may be slow), then
 * fills it with `views.update`, passing the view's hash so a stale update cannot overwrite a newer one.
 */
export async function openCreateModal(i: OpenCreateInput): Promise<void> {
  const { deps, client } = i;
  const refused = await operatorRefusal(deps, { user: i.userId, action: 'create' });
  if (refused) return replyNotice(i.respond, deps, refused);
  let viewId: string | undefined;
  let hash: string | undefined;
  try {
    const opened = await client.views.open({
      trigger_id: i.triggerId,
      view: buildCreateLoadingView(deps.backend.label),
    });
    viewId = opened.view?.id;
    hash = opened.view?.hash;
  } catch (err) {
    deps.logger.warn({ err, user: i.userId }, 'could not open the create modal');
    return replyNotice(i.respond, deps, TRIGGER_EXPIRED_SENTENCE);
  }
  if (!viewId) return;
  // A hash conflict or a closed modal means the user moved on: logged by replaceView, nothing to repair.
  await replaceView(deps, client, { viewId, hash }, await loadCreateForm(deps, { channel: i.channel }));
}
