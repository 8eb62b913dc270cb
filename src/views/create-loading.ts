import type { ModalView } from '@slack/types';
import { modal } from './create-modal.js';
import { CREATE_BLOCK, VIEW } from './ids.js';
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

export type WaitingFor = 'creating' | 'estimating' | 'reloading' | 'checking';

const WAITING_TEXT: Record<WaitingFor, (label: string) => string> = {
  creating: (label) => `Creating the job on ${label}… This view updates when it is done.`,
  estimating: (label) =>
    `Asking ${label} for an estimate… This view updates when it is done; *Back* returns to your form.`,
  checking: (label) =>
    `Downloading your file from Slack, checking it, and uploading it to ${label}… This view updates when it is done.`,
  reloading: (label) =>
    `${label} did not accept the job. Loading the form again with your values, so you can fix it…`,
};

export interface ViewPlacement {
  /** Set on a view pushed through an ack, so it can be filled in later with `views.update`. */
  externalId?: string;
  /** The close button's label: "Back" on a view pushed over the form. */
  close?: string;
  /** Closing this view closes the whole modal (a result shown over the form). */
  clearOnClose?: boolean;
}

/** Shown while a create or dry run that took longer than the ack window finishes. */
export function buildCreatingView(
  what: WaitingFor,
  backendLabel: string,
  place: ViewPlacement = {},
): ModalView {
  return modal({
    callbackId: VIEW.createResult,
    title: CREATE_TITLE,
    close: place.close,
    externalId: place.externalId,
    blocks: [section(CREATE_BLOCK.loading, `:hourglass_flowing_sand: ${WAITING_TEXT[what](backendLabel)}`)],
  });
}

/** A final sentence in the modal: the job was created, or why the form cannot be shown. */
export function buildCreateResultView(sentence: string, place: ViewPlacement = {}): ModalView {
  return modal({
    callbackId: VIEW.createResult,
    title: CREATE_TITLE,
    close: place.close ?? 'Done',
    externalId: place.externalId,
    clearOnClose: place.clearOnClose,
    blocks: [section(CREATE_BLOCK.result, sentence)],
  });
}
