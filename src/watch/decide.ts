import { settingsOf } from '../domain/watch-settings.js';
import type { StoredWatch } from '../store/watch-store.js';
import { groupMention } from '../views/watch-settings.js';
import { decideThreadPost } from './thread-policy.js';
import type { WatchDeps } from './watch-deps.js';

/** A thread decision with its mention written out (`<@U…>`, `<!subteam^S…>`), ready for a message. */
export interface ResolvedDecision {
  post: boolean;
  broadcast: boolean;
  mention?: string;
}

/**
 * `decideThreadPost` for one status of a watch, with what it needs from the store: who created and
 * who cancelled the job, read only for a CANCELLED status or a failure that mentions the creator.
 */
export async function decideFor(d: WatchDeps, w: StoredWatch, status: string): Promise<ResolvedDecision> {
  const settings = settingsOf(w);
  const info = status === 'CANCELLED' ? await d.creators.createdInfo(w.jobId) : undefined;
  const cancelledByCreator = info?.cancelledBy !== undefined && info.cancelledBy === info.userId;
  const decision = decideThreadPost(settings, { status, cancelledByCreator });
  const rule = decision.mention;
  let mention: string | undefined;
  if (rule.kind === 'group') mention = groupMention(rule.id);
  if (rule.kind === 'creator') {
    const creator = info ?? (await d.creators.createdInfo(w.jobId));
    if (creator) mention = `<@${creator.userId}>`;
  }
  return { post: decision.post, broadcast: decision.broadcast, mention };
}
