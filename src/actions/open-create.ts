import { openCreateModal } from '../use-cases/open-create-modal.js';
import type { ActionContext } from './context.js';

/** "Create job" on the help message: the same modal as `/finetune create`. */
export async function handleOpenCreate({ body, client, respond, deps }: ActionContext): Promise<void> {
  await openCreateModal({
    deps,
    client,
    respond,
    triggerId: body.trigger_id,
    userId: body.user.id,
    channel: body.channel?.id ?? body.container?.channel_id,
  });
}
