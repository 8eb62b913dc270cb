import type { ModalView } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { AppDeps } from '../deps.js';

/** Replaces a view after the ack (the "Creating…" view). A closed modal is logged, not thrown. */
export async function replaceView(
  deps: AppDeps,
  client: WebClient,
  viewId: string,
  view: ModalView,
): Promise<void> {
  try {
    await client.views.update({ view_id: viewId, view });
  } catch (err) {
    deps.logger.warn({ err, viewId }, 'could not update the create modal');
  }
}
