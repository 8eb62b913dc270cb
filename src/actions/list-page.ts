import { buildListFor } from '../use-cases/list-page.js';
import { reply, replyNotice } from '../use-cases/reply.js';
import { decodeListQuery } from '../views/list-query.js';
import type { ActionContext } from './context.js';

/** Previous/Next: the button carries the whole query, so the filters survive paging. */
export async function handleListPage({ value, body, respond, deps }: ActionContext): Promise<void> {
  const query = decodeListQuery(value);
  if (!query) return replyNotice(respond, deps, 'That list is out of date; run `/finetune list` again.');
  await reply(respond, await buildListFor(deps, query, body.user.id), deps.logger, { replace: true });
}
