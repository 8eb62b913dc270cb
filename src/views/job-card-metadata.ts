import type { KnownBlock } from '@slack/types';
import type { JobDetails, JobMetadata, WandbIntegration } from '../domain/job.js';
import { code, escapeMrkdwn } from './escape.js';
import { dateToken, formatCost, formatCount, formatDuration } from './format.js';
import { BLOCK } from './ids.js';
import { field, fieldsSection, section } from './kit.js';
import { mrkdwnLink, wandbLink } from './wandb.js';

/** "4.00 USD" when Mistral gave a cost; callers word the sentence. */
export function costOf(meta: JobMetadata | null): string | undefined {
  return meta?.cost != null ? formatCost(meta.cost, meta.cost_currency) : undefined;
}

function metadataFields(job: JobDetails): string[] {
  const m = job.metadata ?? {};
  const out: string[] = [];
  if (m.expected_duration_seconds != null) {
    out.push(field('Expected duration', formatDuration(m.expected_duration_seconds)));
  }
  const cost = costOf(job.metadata);
  if (cost) out.push(field('Estimated cost', escapeMrkdwn(cost)));
  if (m.train_tokens != null) out.push(field('Train tokens', formatCount(m.train_tokens)));
  if (m.data_tokens != null) out.push(field('Data tokens', formatCount(m.data_tokens)));
  if (m.train_tokens_per_step != null)
    out.push(field('Tokens per step', formatCount(m.train_tokens_per_step)));
  if (m.estimated_start_time != null) out.push(field('Estimated start', dateToken(m.estimated_start_time)));
  if (job.trained_tokens != null) out.push(field('Trained tokens', formatCount(job.trained_tokens)));
  return out;
}

/** A W&B run is where people look at curves, so the link matters more than the other details. */
export function wandbLine(integration: WandbIntegration, entity?: string): string {
  const link = wandbLink(integration, entity);
  const project = link.url ? mrkdwnLink(link.url, link.label) : escapeMrkdwn(link.label);
  const parts = [`*Weights &amp; Biases:* ${project}`];
  if (integration.name) parts.push(`name ${code(integration.name)}`);
  if (integration.run_name) parts.push(`run ${code(integration.run_name)}`);
  return parts.join(' · ');
}

/** Mistral's estimate (cost, duration, tokens) and the W&B integrations. */
export function buildCardMetadata(job: JobDetails, wandbEntity?: string): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  const fields = metadataFields(job);
  if (fields.length > 0) blocks.push(fieldsSection(BLOCK.jobMetadata, fields));
  const wandb = job.integrations.filter((i) => i.type === 'wandb');
  if (wandb.length > 0) {
    blocks.push(section(BLOCK.jobWandb, wandb.map((i) => wandbLine(i, wandbEntity)).join('\n')));
  }
  return blocks;
}
