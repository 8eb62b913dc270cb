import type { ModalView } from '@slack/types';
import type { JobEstimate } from '../domain/job.js';
import { modal } from './create-modal.js';
import { escapeMrkdwn } from './escape.js';
import { formatCost, formatCount, formatDuration, formatMetric } from './format.js';
import { CREATE_BLOCK, VIEW } from './ids.js';
import { context, fieldsSection } from './kit.js';

export const ESTIMATE_TITLE = 'Estimate';
export const ESTIMATE_SUBMIT = 'Create & start';

export interface EstimateViewInput {
  estimate: JobEstimate;
  model: string;
  backendLabel: string;
  /** Opaque token of the pending request kept in process memory (never the request itself). */
  token: string;
  /** Kept when the estimate fills in a view pushed earlier (a slow dry run). */
  externalId?: string;
}

const known = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** Estimate fields a reader needs before paying: duration, cost, tokens, epochs, steps. */
export function estimateFields(e: JobEstimate): string[] {
  const fields: string[] = [];
  if (known(e.expected_duration_seconds))
    fields.push(`*Expected duration*\n${formatDuration(e.expected_duration_seconds)}`);
  if (known(e.cost)) fields.push(`*Cost*\n${escapeMrkdwn(formatCost(e.cost, e.cost_currency))}`);
  if (known(e.train_tokens)) fields.push(`*Training tokens*\n${formatCount(e.train_tokens)}`);
  if (known(e.data_tokens)) fields.push(`*Data tokens*\n${formatCount(e.data_tokens)}`);
  if (known(e.epochs)) fields.push(`*Epochs*\n${formatMetric(e.epochs)}`);
  if (known(e.training_steps)) fields.push(`*Training steps*\n${formatCount(e.training_steps)}`);
  return fields;
}

/**
 * Pushed over the form when auto start is on: the numbers first, and only then "Create & start".
 * "Back" pops it and shows the form underneath exactly as it was typed.
 */
export function buildEstimateView(input: EstimateViewInput): ModalView {
  const fields = estimateFields(input.estimate);
  const intro = `${escapeMrkdwn(input.backendLabel)} estimates this job on \`${escapeMrkdwn(input.model)}\`:`;
  return modal({
    callbackId: VIEW.createEstimate,
    title: ESTIMATE_TITLE,
    submit: ESTIMATE_SUBMIT,
    close: 'Back',
    privateMetadata: JSON.stringify({ token: input.token }),
    externalId: input.externalId,
    blocks: [
      fieldsSection(
        CREATE_BLOCK.estimate,
        fields.length > 0 ? fields : ['*No estimate*\nThe backend gave no numbers.'],
        intro,
      ),
      context(CREATE_BLOCK.estimateNote, [
        'Training starts by itself once the data is validated. You can still cancel it from the job card.',
      ]),
    ],
  });
}
