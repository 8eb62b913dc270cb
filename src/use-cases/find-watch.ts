import type { RespondFn } from '@slack/bolt';
import type { WatchRecord } from '../domain/watch.js';
import { code } from '../views/escape.js';
import type { AppDeps } from './deps.js';
import { replyNotice } from './reply.js';

/**
 * The channel's watch whose job id starts with `ref`, among those `which` keeps, matched against the
 * store, not the provider: a job that is gone or a retired API never keeps a watch from being
 * stopped or muted. Answers the user itself (none, or several) and returns undefined then.
 */
export async function findWatch(
  deps: AppDeps,
  respond: RespondFn,
  o: { ref: string; channel: string; which: (w: WatchRecord) => boolean; noun: string },
): Promise<WatchRecord | undefined> {
  const wanted = o.ref.trim().toLowerCase();
  const found = (await deps.watches.watching(o.channel)).filter(
    (w) => o.which(w) && w.jobId.toLowerCase().startsWith(wanted),
  );
  if (found.length > 1) {
    await replyNotice(
      respond,
      deps,
      `${code(wanted)} matches ${found.length} ${o.noun} jobs in <#${o.channel}>; give more of the id.`,
    );
    return undefined;
  }
  if (!found[0])
    await replyNotice(respond, deps, `No job starting with ${code(wanted)} is ${o.noun} in <#${o.channel}>.`);
  return found[0];
}
