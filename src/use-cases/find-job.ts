import type { RespondFn } from '@slack/bolt';
import type { JobDetails } from '../domain/job.js';
import { buildAmbiguousJobMessage, noJobWithPrefixSentence } from '../views/index.js';
import { type AppDeps, viewContext } from './deps.js';
import { reply, replyNotice } from './reply.js';
import { resolveJob } from './resolve-job.js';

/**
 * Resolves a typed job reference for a command or button. When there is no single job (not a job
 * id, too short, none, ambiguous), the user is answered here and the result is undefined.
 */
export async function findJob(
  deps: AppDeps,
  respond: RespondFn,
  ref: string,
): Promise<JobDetails | undefined> {
  const found = await resolveJob(deps.backend, ref);
  switch (found.kind) {
    case 'found':
      return found.job;
    case 'ambiguous':
      await reply(respond, buildAmbiguousJobMessage(viewContext(deps), ref, found.candidates), deps.logger);
      return undefined;
    case 'none':
      await replyNotice(respond, deps, noJobWithPrefixSentence(deps.backend.label, ref));
      return undefined;
    case 'invalid':
      await replyNotice(respond, deps, found.reason);
      return undefined;
  }
}
