import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { AppDeps } from './deps.js';

/** Which view to replace: by id, or by the `external_id` the app gave a view it pushed (a push ack returns no id). */
export type ViewRef = { viewId: string; hash?: string } | { externalId: string; hash?: string };

/**
 * Replaces a view after the ack (the "Creating…" view). Passes `hash` when the caller knows the
 * current one (from a previous `views.open`/`views.update` answer), so a stale update cannot
 * overwrite a newer view; a `response_action` ack returns no hash, so after one there is none to
 * pass. Returns the new hash; a closed modal or a hash conflict is logged, not thrown.
 */
export async function replaceView(
  deps: Pick<AppDeps, 'logger'>,
  client: WebClient,
  ref: ViewRef,
  view: ModalView,
): Promise<string | undefined> {
  const target = 'viewId' in ref ? { view_id: ref.viewId } : { external_id: ref.externalId };
  try {
    const res = await client.views.update({ ...target, ...(ref.hash ? { hash: ref.hash } : {}), view });
    return res.view?.hash;
  } catch (err) {
    deps.logger.warn({ err, ...target }, 'could not update the create modal');
    return undefined;
  }
}
