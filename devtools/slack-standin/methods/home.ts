import { str } from '../args.js';
import { checkView } from '../checks.js';
import { fail, type MethodHandler, ok } from './result.js';

/**
 * `views.publish`, as Slack checks it: a `user_id`, a view of type `home` with at most 100 blocks
 * (`checkView`), the optional `hash` of the tab being replaced; the view goes through the pluggable
 * Block Kit validator like every other view.
 */
const publish: MethodHandler = (state, args) => {
  const user = str(args, 'user_id');
  if (!user) return fail('invalid_arguments', 'user_id is required');
  if (!/^[UW][A-Z0-9]+$/.test(user)) return fail('user_not_found');
  const checked = checkView(args.view);
  if ('error' in checked) return fail(checked.error, checked.detail);
  if (checked.view.type !== 'home') {
    return fail('invalid_arguments', `view.type must be home for views.publish, not ${checked.view.type}`);
  }
  state.checkPayload('view', 'views.publish', checked.view);
  const result = state.homes.publish(user, checked.view, str(args, 'hash'));
  return 'error' in result ? fail(result.error) : ok({ view: result });
};

export const homeMethods: Record<string, MethodHandler> = { 'views.publish': publish };
