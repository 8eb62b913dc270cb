import { str } from '../args.js';
import { fail, type MethodHandler, ok } from './result.js';

const authTest: MethodHandler = (state) => {
  const { teamId, teamName, botUserId, botId } = state.identity;
  return ok({
    url: `https://${teamName}.slack.com/`,
    team: teamName,
    user: 'finetune-bot',
    team_id: teamId,
    user_id: botUserId,
    bot_id: botId,
    is_enterprise_install: false,
  });
};

const usersInfo: MethodHandler = (state, args) => {
  const id = str(args, 'user');
  if (!id) return fail('user_not_found');
  const known = state.users?.[id];
  // Without a users table any well-formed user id exists, so tests that do not care need no set-up.
  const synthesized = !state.users && /^[UW]/.test(id) ? { name: id.toLowerCase() } : undefined;
  const u = known ?? synthesized;
  if (!u) return fail('user_not_found');
  const isBot = id === state.identity.botUserId;
  return ok({
    user: {
      id,
      team_id: state.identity.teamId,
      name: u.name,
      real_name: known?.real_name ?? u.name,
      deleted: known?.deleted ?? false,
      is_bot: isBot,
      profile: { display_name: u.name, real_name: known?.real_name ?? u.name },
    },
  });
};

const usergroupUsers: MethodHandler = (state, args) => {
  const id = str(args, 'usergroup');
  const users = id ? state.usergroups[id] : undefined;
  return users ? ok({ users: [...users] }) : fail('no_such_subteam');
};

export const identityMethods: Record<string, MethodHandler> = {
  'auth.test': authTest,
  'users.info': usersInfo,
  'usergroups.users.list': usergroupUsers,
};
