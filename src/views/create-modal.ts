import type { KnownBlock, ModalView } from '@slack/types';
import { plain } from './kit.js';

/** Modal envelope limits (see LIMITS in limits.ts): title, submit and close are cut to 24 characters. */
const MODAL_TEXT = 24;

export interface ModalSpec {
  callbackId: string;
  title: string;
  blocks: KnownBlock[];
  submit?: string;
  close?: string;
  privateMetadata?: string;
  /** Lets the app update a view it pushed through an ack (Slack returns no view id for those). */
  externalId?: string;
  /** Closing this view closes the whole modal instead of going back to the view beneath. */
  clearOnClose?: boolean;
}

/** The one place the create flow's views get their envelope; Slack allows 100 blocks per modal. */
export function modal(spec: ModalSpec): ModalView {
  const view: ModalView = {
    type: 'modal',
    callback_id: spec.callbackId,
    title: plain(spec.title, MODAL_TEXT),
    close: plain(spec.close ?? 'Close', MODAL_TEXT),
    blocks: spec.blocks.slice(0, 100),
  };
  if (spec.submit) view.submit = plain(spec.submit, MODAL_TEXT);
  if (spec.privateMetadata !== undefined) view.private_metadata = spec.privateMetadata;
  if (spec.externalId) view.external_id = spec.externalId;
  if (spec.clearOnClose) view.clear_on_close = true;
  return view;
}
