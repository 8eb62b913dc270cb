import type { ModalView } from '@slack/types';
import { modal } from './create-modal.js';
import { shortId } from './escape.js';
import { BLOCK, INPUT, VIEW } from './ids.js';
import { plain, section } from './kit.js';

export const DECLINE_REASON_MAX = 300;

/** Decline: one optional line of reason, said in the thread and to the requester. */
export function buildDeclineModal(requestId: string, jobId: string): ModalView {
  return modal({
    callbackId: VIEW.approvalDecline,
    title: 'Decline the start',
    submit: 'Decline',
    close: 'Back',
    privateMetadata: requestId,
    blocks: [
      section(BLOCK.approvalRequest, `Job \`${shortId(jobId)}\` will not be started.`),
      {
        type: 'input',
        block_id: BLOCK.declineReason,
        optional: true,
        label: plain('Reason (optional)', 2000),
        element: {
          type: 'plain_text_input',
          action_id: INPUT.declineReason,
          max_length: DECLINE_REASON_MAX,
          placeholder: plain('e.g. Too costly this month: use the small model', 150),
        },
      },
    ],
  });
}

/** Where the result goes after the submit: one sentence in the same modal. */
export function buildDeclineResultView(sentence: string): ModalView {
  return modal({
    callbackId: VIEW.createResult,
    title: 'Decline the start',
    close: 'Done',
    blocks: [section(BLOCK.notice, sentence)],
  });
}
