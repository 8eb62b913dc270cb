import { isLiveWatch } from '../domain/watch.js';
import { settingsOf } from '../domain/watch-settings.js';
import { replyNotice } from '../use-cases/reply.js';
import { code, shortId } from '../views/escape.js';
import { buildWatchSettingsModal } from '../views/watch-settings-modal.js';
import type { ActionContext } from './context.js';

/** *Settings* on a watched card: a small modal with what the watch posts in the card's thread. */
export async function handleJobSettings({
  value,
  body,
  respond,
  client,
  deps,
}: ActionContext): Promise<void> {
  const channel = body.channel?.id ?? body.container?.channel_id;
  const watch =
    typeof channel === 'string'
      ? (await deps.watches.watching(channel)).find((w) => w.jobId === value && isLiveWatch(w))
      : undefined;
  if (!watch || typeof channel !== 'string') {
    return replyNotice(
      respond,
      deps,
      `Job ${code(shortId(value))} is not watched here any more, so it has no settings to change. *Watch here* starts a watch.`,
    );
  }
  await client.views.open({
    trigger_id: body.trigger_id,
    view: buildWatchSettingsModal({ jobId: watch.jobId, channel }, settingsOf(watch)),
  });
}
