import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import {
  createOperatorCheck,
  DEFAULT_OPERATOR_CACHE_MS,
  LOOKUP_FAILED_SENTENCE,
  NOT_OPERATOR_SENTENCE,
  operatorVerdict,
  type UsergroupsClient,
} from '../../src/slack/operators.js';

/** Slack's usergroups.users.list, played by a fake that counts calls and can fail on demand. */
function fakeSlack(groups: Record<string, string[]>) {
  const calls: string[] = [];
  let failing: Error | undefined;
  const client: UsergroupsClient = {
    usergroups: {
      users: {
        async list({ usergroup }) {
          calls.push(usergroup);
          if (failing) throw failing;
          const users = groups[usergroup];
          if (!users)
            throw Object.assign(new Error('An API error occurred: no_such_subteam'), {
              code: 'slack_webapi_platform_error',
            });
          return { users };
        },
      },
    },
  };
  return {
    client,
    calls,
    fail(err: Error | undefined) {
      failing = err;
    },
  };
}

function capturedLogger() {
  const lines: string[] = [];
  const logger = pino(
    { level: 'debug' },
    new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    }),
  );
  return { logger, lines };
}

function setup(operators: string[] | undefined, groups: Record<string, string[]> = {}) {
  const slack = fakeSlack(groups);
  const { logger, lines } = capturedLogger();
  let t = Date.UTC(2026, 0, 1);
  const check = createOperatorCheck({ operators, client: slack.client, logger, now: () => t });
  return {
    check,
    slack,
    lines,
    advance(ms: number) {
      t += ms;
    },
  };
}

describe('createOperatorCheck', () => {
  it('lets everyone act when FINETUNE_OPERATORS is unset, without asking Slack', async () => {
    const { check, slack } = setup(undefined);
    expect(await check('U0ANYONE')).toBe(true);
    expect(slack.calls).toEqual([]);
  });

  it('lets a listed user act without asking Slack, and refuses others with the plain sentence', async () => {
    const { check, slack } = setup(['U0OPERATOR']);
    expect(await check('U0OPERATOR')).toBe(true);
    expect(await check.verdict('U0OTHER')).toEqual({ allowed: false, sentence: NOT_OPERATOR_SENTENCE });
    expect(slack.calls).toEqual([]);
  });

  it('makes one usergroups.users.list call for two checks within the cache time', async () => {
    const { check, slack, advance } = setup(['S0MLTEAM'], { S0MLTEAM: ['U0MEMBER'] });
    expect(await check('U0MEMBER')).toBe(true);
    advance(DEFAULT_OPERATOR_CACHE_MS - 1);
    expect(await check('U0MEMBER')).toBe(true);
    expect(await check('U0OUTSIDER')).toBe(false);
    expect(slack.calls).toEqual(['S0MLTEAM']);
  });

  it('asks Slack again once the cache time has passed, and sees membership changes', async () => {
    const groups = { S0MLTEAM: ['U0MEMBER'] };
    const { check, slack, advance } = setup(['S0MLTEAM'], groups);
    expect(await check('U0NEWBIE')).toBe(false);
    groups.S0MLTEAM.push('U0NEWBIE');
    advance(DEFAULT_OPERATOR_CACHE_MS);
    expect(await check('U0NEWBIE')).toBe(true);
    expect(slack.calls).toEqual(['S0MLTEAM', 'S0MLTEAM']);
  });

  it('refuses when Slack cannot say who is in the group (fail closed), with a sentence saying so, and logs why', async () => {
    const { check, slack, lines } = setup(['S0MLTEAM'], { S0MLTEAM: ['U0MEMBER'] });
    slack.fail(
      Object.assign(new Error('An API error occurred: missing_scope'), {
        code: 'slack_webapi_platform_error',
      }),
    );
    expect(await check('U0MEMBER')).toBe(false);
    const verdict = await check.verdict('U0MEMBER');
    expect(verdict).toEqual({ allowed: false, sentence: LOOKUP_FAILED_SENTENCE });
    expect(LOOKUP_FAILED_SENTENCE).toMatch(/could not check whether you are an operator/);
    const warning = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.group === 'S0MLTEAM');
    expect(warning?.msg).toMatch(/refusing \(fail closed\)/);
    expect(JSON.stringify(warning)).toContain('missing_scope');
    // A failure is not cached: once Slack answers again, the member is let in.
    slack.fail(undefined);
    expect(await check('U0MEMBER')).toBe(true);
  });

  it('still lets a listed user act while a group lookup fails', async () => {
    const { check, slack } = setup(['U0OPERATOR', 'S0MLTEAM']);
    slack.fail(new Error('network down'));
    expect(await check('U0OPERATOR')).toBe(true);
    expect(slack.calls).toEqual([]);
  });

  it('finds a member of any listed group, and names the lookup failure only when it could matter', async () => {
    const { check, slack } = setup(['S0BROKEN', 'S0OK'], { S0OK: ['U0MEMBER'] });
    expect(await check('U0MEMBER')).toBe(true);
    expect((await check.verdict('U0OUTSIDER')) as { sentence?: string }).toMatchObject({
      sentence: LOOKUP_FAILED_SENTENCE,
    });
    expect(slack.calls.filter((g) => g === 'S0OK')).toHaveLength(1);
  });
});

describe('operatorVerdict', () => {
  it('gives the plain refusal for a bare yes/no check', async () => {
    expect(await operatorVerdict(async () => false, 'U0X')).toEqual({
      allowed: false,
      sentence: NOT_OPERATOR_SENTENCE,
    });
    expect(await operatorVerdict(async () => true, 'U0X')).toEqual({ allowed: true });
  });
});
