import { TRIGGER_EXPIRED_SENTENCE } from '../use-cases/open-create-modal.js';
import { replyNotice } from '../use-cases/reply.js';
import { buildUploadModal } from '../views/upload-modal.js';
import type { CommandContext } from './context.js';

/**
 * `/finetune upload`: a small modal with one file input. It needs nothing from the provider to
 * open, so it opens straight away inside the trigger's 3 seconds; the submit checks and uploads.
 */
export async function handleUpload({ command, client, respond, deps }: CommandContext): Promise<void> {
  try {
    await client.views.open({
      trigger_id: command.trigger_id,
      view: buildUploadModal({ backendLabel: deps.backend.label, capabilities: deps.backend.capabilities }),
    });
  } catch (err) {
    deps.logger.warn({ err, user: command.user_id }, 'could not open the upload modal');
    await replyNotice(
      respond,
      deps,
      TRIGGER_EXPIRED_SENTENCE.replace('/finetune create', '/finetune upload'),
    );
  }
}
