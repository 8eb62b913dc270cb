import { APP_HOME_OPENED_EVENT } from '../slack/payload-schemas.js';
import type { EventContext } from './context.js';

/**
 * The user opened the app's Home tab: publish it for them, current. The event also fires for the
 * Messages tab, which shows the DMs and needs nothing.
 */
export async function handleAppHomeOpened({ event, deps }: EventContext): Promise<void> {
  const parsed = APP_HOME_OPENED_EVENT.safeParse(event);
  if (!parsed.success) {
    deps.logger.info({ event: 'app_home_opened' }, 'malformed app_home_opened event: nothing done');
    return;
  }
  const { user, tab } = parsed.data;
  if (tab !== 'home') return;
  await deps.home.publish(user);
}
