import type { View } from '@slack/types';
import { str } from '../args.js';
import { checkView } from '../checks.js';
import type { StandinState } from '../core.js';
import type { Args, MethodResult, SlackView } from '../types.js';
import { fail, type MethodHandler, ok } from './result.js';

type Input = { view: View } | { error: MethodResult };

function readView(state: StandinState, args: Args, source: string): Input {
  const checked = checkView(args.view);
  if ('error' in checked) return { error: fail(checked.error, checked.detail) };
  state.checkPayload('view', source, checked.view);
  return { view: checked.view };
}

function answer(result: SlackView | { error: string }): MethodResult {
  return 'error' in result ? fail(result.error) : ok({ view: result });
}

const open: MethodHandler = (state, args) => {
  const input = readView(state, args, 'views.open');
  if ('error' in input) return input.error;
  return answer(state.views.open(str(args, 'trigger_id'), input.view));
};

const push: MethodHandler = (state, args) => {
  const input = readView(state, args, 'views.push');
  if ('error' in input) return input.error;
  return answer(state.views.push(str(args, 'trigger_id'), input.view));
};

const update: MethodHandler = (state, args) => {
  const viewId = str(args, 'view_id');
  const externalId = str(args, 'external_id');
  if (!viewId && !externalId) return fail('not_found', 'view_id or external_id is required');
  const input = readView(state, args, 'views.update');
  if ('error' in input) return input.error;
  const hash = str(args, 'hash');
  return answer(
    state.views.update(
      { ...(viewId ? { viewId } : {}), ...(externalId ? { externalId } : {}), ...(hash ? { hash } : {}) },
      input.view,
    ),
  );
};

export const viewMethods: Record<string, MethodHandler> = {
  'views.open': open,
  'views.push': push,
  'views.update': update,
};
