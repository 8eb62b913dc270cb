import type { ModalView } from '@slack/types';
import { CREATE_BLOCK, CREATE_VIEW } from '../create/form-ids.js';
import { modal } from './create-modal.js';
import { VIEW } from './ids.js';
import { section } from './kit.js';

export const CREATE_TITLE = 'New fine-tuning job';

/** Opened at once on `/finetune create`, inside Slack's 3-second trigger window; updated when the lists arrive. */
export function buildCreateLoadingView(backendLabel: string): ModalView {
  return modal({
    callbackId: VIEW.createLoading,
    title: CREATE_TITLE,
    blocks: [
      section(
        CREATE_BLOCK.loading,
        `:hourglass_flowing_sand: Loading models and files from ${backendLabel}…`,
      ),
    ],
  });
}

/** Shown while a create or dry run that took longer than the ack window finishes. */
export function buildCreatingView(what: 'creating' | 'estimating', backendLabel: string): ModalView {
  const text =
    what === 'creating'
      ? `:hourglass_flowing_sand: Creating the job on ${backendLabel}… This view updates when it is done.`
      : `:hourglass_flowing_sand: Asking ${backendLabel} for an estimate… This view updates when it is done.`;
  return modal({
    callbackId: CREATE_VIEW.result,
    title: CREATE_TITLE,
    blocks: [section(CREATE_BLOCK.loading, text)],
  });
}

/** A final sentence in the modal: the job was created, or why the form cannot be shown. */
export function buildCreateResultView(sentence: string): ModalView {
  return modal({
    callbackId: CREATE_VIEW.result,
    title: CREATE_TITLE,
    close: 'Done',
    blocks: [section(CREATE_BLOCK.result, sentence)],
  });
}
