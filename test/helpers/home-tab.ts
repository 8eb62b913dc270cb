import type { SlackStandin, SlackView } from '../../devtools/slack-standin.js';

/**
 * The first publish of the user's Home tab after the first `after` ones that shows what `shows` looks
 * for (a watched job's status change also republishes the tab while a test clicks).
 */
export const publishAfter = (
  standin: SlackStandin,
  user: string,
  after: number,
  shows: (view: SlackView) => boolean,
): Promise<SlackView> =>
  standin.waitFor(
    (s) =>
      s
        .homePublishes(user)
        .slice(after)
        .find((p) => shows(p.view))?.view,
  );
