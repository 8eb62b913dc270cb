import type { Logger } from 'pino';

/** The one WebClient method the check uses, so a test can hand in a fake (a WebClient fits). */
export interface UsergroupsClient {
  usergroups: { users: { list(args: { usergroup: string }): Promise<{ users?: string[] }> } };
}

export interface OperatorCheckOptions {
  /** User IDs (U…/W…) and user group IDs (S…). Undefined = everyone is an operator. */
  operators?: string[];
  client: UsergroupsClient;
  logger: Logger;
  /** Milliseconds since the epoch; injectable so tests move time instead of waiting. */
  now?: () => number;
  /** How long a group's member list is trusted. */
  cacheMs?: number;
}

export const NOT_OPERATOR_SENTENCE =
  'Only the operators listed in FINETUNE_OPERATORS may create, start or cancel jobs. You can still list and inspect them; ask an operator for help.';

/** Fail closed: when Slack cannot say who is in an operator group, the answer is no, and the user is told why. */
export const LOOKUP_FAILED_SENTENCE =
  "I could not check whether you are an operator: Slack did not tell me who is in the operators' user group, so I refused to be safe. Nothing was changed; try again in a minute.";

export const DEFAULT_OPERATOR_CACHE_MS = 5 * 60_000;

export type OperatorVerdict = { allowed: true } | { allowed: false; sentence: string };

/** `deps.isOperator`: a yes/no check that can also say why it said no. */
export interface OperatorCheck {
  (userId: string): Promise<boolean>;
  verdict(userId: string): Promise<OperatorVerdict>;
}

const ALLOWED: OperatorVerdict = { allowed: true };

/**
 * Who may create, start and cancel. Group membership comes from `usergroups.users.list` and is
 * cached for `cacheMs`, so a click does not cost a Web API call each time. If Slack cannot tell us
 * a group's members, the answer is "no" (fail closed), nothing is cached, and the reason is logged.
 */
export function createOperatorCheck(o: OperatorCheckOptions): OperatorCheck {
  const now = o.now ?? Date.now;
  const cacheMs = o.cacheMs ?? DEFAULT_OPERATOR_CACHE_MS;
  const users = new Set(o.operators?.filter((id) => !id.startsWith('S')));
  const groups = o.operators?.filter((id) => id.startsWith('S')) ?? [];
  const cache = new Map<string, { members: Set<string>; until: number }>();

  /** The group's members, or undefined when Slack would not say. */
  async function membersOf(group: string): Promise<Set<string> | undefined> {
    const hit = cache.get(group);
    if (hit && hit.until > now()) return hit.members;
    try {
      const res = await o.client.usergroups.users.list({ usergroup: group });
      const members = new Set(res.users ?? []);
      cache.set(group, { members, until: now() + cacheMs });
      return members;
    } catch (err) {
      o.logger.warn({ err, group }, 'could not read user group members; refusing (fail closed)');
      return undefined;
    }
  }

  async function verdict(userId: string): Promise<OperatorVerdict> {
    if (!o.operators || users.has(userId)) return ALLOWED;
    let unknown = false;
    for (const group of groups) {
      const members = await membersOf(group);
      if (members?.has(userId)) return ALLOWED;
      if (!members) unknown = true;
    }
    return { allowed: false, sentence: unknown ? LOOKUP_FAILED_SENTENCE : NOT_OPERATOR_SENTENCE };
  }

  const check = async (userId: string) => (await verdict(userId)).allowed;
  return Object.assign(check, { verdict });
}

function isOperatorCheck(f: (userId: string) => Promise<boolean>): f is OperatorCheck {
  return typeof (f as Partial<OperatorCheck>).verdict === 'function';
}

/** The verdict of `deps.isOperator`, with the plain refusal when the check cannot say more. */
export async function operatorVerdict(
  check: (userId: string) => Promise<boolean>,
  userId: string,
): Promise<OperatorVerdict> {
  if (isOperatorCheck(check)) return check.verdict(userId);
  return (await check(userId)) ? ALLOWED : { allowed: false, sentence: NOT_OPERATOR_SENTENCE };
}
