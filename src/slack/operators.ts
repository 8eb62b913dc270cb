import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';

export interface OperatorCheckOptions {
  /** User IDs (U…/W…) and user group IDs (S…). Undefined = everyone is an operator. */
  operators?: string[];
  client: WebClient;
  logger: Logger;
  now?: () => number;
  /** How long a group's member list is trusted. */
  cacheMs?: number;
}

/**
 * Who may create, start and cancel. Group membership comes from `usergroups.users.list` and is
 * cached for a few minutes, so a click does not cost a Web API call each time. If Slack cannot
 * tell us a group's members, the answer is "no" (fail closed) and the reason is logged.
 */
export function createOperatorCheck(o: OperatorCheckOptions): (userId: string) => Promise<boolean> {
  const now = o.now ?? Date.now;
  const cacheMs = o.cacheMs ?? 5 * 60_000;
  const users = new Set(o.operators?.filter((id) => !id.startsWith('S')));
  const groups = o.operators?.filter((id) => id.startsWith('S')) ?? [];
  const cache = new Map<string, { members: Set<string>; until: number }>();

  async function membersOf(group: string): Promise<Set<string>> {
    const hit = cache.get(group);
    if (hit && hit.until > now()) return hit.members;
    try {
      const res = await o.client.usergroups.users.list({ usergroup: group });
      const members = new Set(res.users ?? []);
      cache.set(group, { members, until: now() + cacheMs });
      return members;
    } catch (err) {
      o.logger.warn({ err, group }, 'could not read user group members; treating as not a member');
      return new Set();
    }
  }

  return async (userId: string) => {
    if (!o.operators) return true;
    if (users.has(userId)) return true;
    for (const group of groups) {
      if ((await membersOf(group)).has(userId)) return true;
    }
    return false;
  };
}

export const NOT_OPERATOR_SENTENCE =
  'Only the operators listed in FINETUNE_OPERATORS may create, start or cancel jobs. You can still list and inspect them; ask an operator for help.';
