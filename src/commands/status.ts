import { resolveJob } from '../backend/resolve-job.js';
import { viewContext } from '../deps.js';
import { reply, replyNotice } from '../slack/reply.js';
import { code } from '../views/escape.js';
import { buildAmbiguousJobMessage, buildJobCard } from '../views/index.js';
import type { CommandContext } from './context.js';

export const STATUS_USAGE = 'Which job? Usage: `/finetune status <job id or its first 6+ characters>`';

export async function handleStatus({ args, respond, deps }: CommandContext): Promise<void> {
  const ref = args[0];
  if (!ref) return replyNotice(respond, deps, STATUS_USAGE);
  const found = await resolveJob(deps.backend, ref);
  const ctx = viewContext(deps);
  switch (found.kind) {
    case 'found':
      return reply(respond, buildJobCard(ctx, found.job), deps.logger);
    case 'ambiguous':
      return reply(respond, buildAmbiguousJobMessage(ctx, ref, found.candidates), deps.logger);
    case 'none':
      return replyNotice(
        respond,
        deps,
        `No job on ${deps.backend.label} has an id starting with ${code(ref)}.`,
      );
    case 'invalid':
      return replyNotice(respond, deps, found.reason);
  }
}
