import type { KnownBlock } from '@slack/types';
import type { JobDetails } from '../domain/job.js';
import { LINK_SHARED_EVENT } from '../slack/payload-schemas.js';
import { type AppDeps, viewContext } from '../use-cases/deps.js';
import { jobIdInConsoleUrl } from '../use-cases/job-links.js';
import { resolveJob } from '../use-cases/resolve-job.js';
import { buildJobUnfurl } from '../views/job-unfurl.js';
import type { EventContext } from './context.js';

/** A message with more job links than this unfurls the first ones: each costs provider requests. */
export const MAX_UNFURLS = 5;

/** Public (`C…`) and private (`G…`) channels: unfurls are for links posted where a team reads them. */
const UNFURLED_CHANNEL = /^[CG][A-Z0-9]+$/;

/** The job behind a console link, or nothing (unknown, or the provider failed: the link stays plain). */
async function jobFor(deps: AppDeps, jobId: string): Promise<JobDetails | undefined> {
  try {
    const found = await resolveJob(deps.backend, jobId);
    if (found.kind === 'found') return found.job;
    deps.logger.info({ jobId, kind: found.kind }, 'no job for a console link: not unfurled');
    return undefined;
  } catch (err) {
    deps.logger.info({ err, jobId }, 'no job for a console link: not unfurled');
    return undefined;
  }
}

/**
 * A message with links to the configured provider's console pages of jobs: each becomes a compact
 * card with *Watch here* (`chat.unfurl`). Other links, composer previews, DMs and unknown jobs are
 * left as Slack shows them; a refused `chat.unfurl` is logged.
 */
export async function handleLinkShared({ event, client, deps }: EventContext): Promise<void> {
  const parsed = LINK_SHARED_EVENT.safeParse(event);
  if (!parsed.success) {
    deps.logger.info({ event: 'link_shared' }, 'malformed link_shared event: nothing unfurled');
    return;
  }
  const e = parsed.data;
  const channel = e.channel;
  if (e.source === 'composer' || !channel || !UNFURLED_CHANNEL.test(channel)) return;
  const caps = deps.backend.capabilities;
  const byUrl = new Map<string, string>();
  for (const { url } of e.links) {
    const jobId = jobIdInConsoleUrl(caps, url);
    if (jobId && byUrl.size < MAX_UNFURLS) byUrl.set(url, jobId);
  }
  if (byUrl.size === 0) return;
  // Two links to one job (with and without `?filter=all`, say) read it once.
  const jobs = new Map<string, Promise<JobDetails | undefined>>();
  const unfurls: Record<string, { blocks: KnownBlock[] }> = {};
  for (const [url, jobId] of byUrl) {
    if (!jobs.has(jobId)) jobs.set(jobId, jobFor(deps, jobId));
    const job = await jobs.get(jobId);
    if (job) unfurls[url] = { blocks: buildJobUnfurl(viewContext(deps), job).blocks };
  }
  if (Object.keys(unfurls).length === 0) return;
  try {
    await client.chat.unfurl({ channel, ts: e.message_ts, unfurls });
  } catch (err) {
    const code = (err as { data?: { error?: string } }).data?.error;
    deps.logger.warn({ err, code, channel }, 'chat.unfurl failed: the links stay as Slack shows them');
  }
}
