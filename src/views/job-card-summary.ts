import type { KnownBlock } from '@slack/types';
import type { JobDetails } from '../domain/job.js';
import { code, escapeMrkdwn, shortId } from './escape.js';
import { dateToken } from './format.js';
import { BLOCK } from './ids.js';
import { field, fieldsSection, header, section } from './kit.js';
import { statusEmoji, statusLabel, statusWord } from './status.js';

/** Header, the fine-tuned model once there (what the user came for), then the job's identity. */
export function buildCardSummary(job: JobDetails): KnownBlock[] {
  const blocks: KnownBlock[] = [
    header(
      BLOCK.jobHeader,
      `${statusEmoji(job.status)} Fine-tuning job ${shortId(job.id)} · ${statusWord(job.status)}`,
    ),
  ];
  if (job.fine_tuned_model) {
    blocks.push(section(BLOCK.jobFineTunedModel, `🎉 *Fine-tuned model:* ${code(job.fine_tuned_model)}`));
  }
  const fields = [
    field('Status', statusLabel(job.status)),
    field('Base model', code(job.model)),
    field('Job type', escapeMrkdwn(job.job_type)),
    field('Auto-start', job.auto_start ? 'yes' : 'no'),
    field('Created', dateToken(job.created_at)),
    field('Updated', dateToken(job.modified_at)),
  ];
  if (job.suffix) fields.push(field('Suffix', code(job.suffix)));
  // A draft the bot held keeps its id in Slack; once started, the provider's own id is named too.
  const idLine = job.provider_job_id
    ? `*Job id:* ${code(job.id)} · at the provider: ${code(job.provider_job_id)}`
    : `*Job id:* ${code(job.id)}`;
  blocks.push(fieldsSection(BLOCK.jobSummary, fields, idLine));
  return blocks;
}
