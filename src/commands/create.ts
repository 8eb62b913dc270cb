import { openCreateModal } from '../use-cases/open-create-modal.js';
import type { CommandContext } from './context.js';

/** `/finetune create`: the create modal, defaulting updates to this channel. */
export async function handleCreate({ command, client, respond, deps }: CommandContext): Promise<void> {
  await openCreateModal({
    deps,
    client,
    respond,
    triggerId: command.trigger_id,
    userId: command.user_id,
    channel: command.channel_id,
  });
}
