import type { LocalStack } from '../devtools/local-stack.js';
import { renderViewText } from '../devtools/render-text.js';
import { ACTION, BLOCK } from '../src/views/ids.js';

const WAIT_MS = 20_000;

/**
 * The demo's App Home step: the user opens the app's Home tab (a signed `app_home_opened` event),
 * the app publishes it (`views.publish`), then a click on it is answered on the tab itself.
 */
export async function demoHome(
  stack: LocalStack,
  user: string,
  jobId: string,
  indent: (text: string, mark?: string) => string,
): Promise<void> {
  const before = stack.standin.homePublishes(user).length;
  console.log(`\n  ${user} opens the app's Home tab in Slack.`);
  await stack.driver.openHome({ user });
  const tab = await stack.standin.waitFor((s) => s.homePublishes(user)[before]?.view, WAIT_MS);
  console.log('  The app publishes it (views.publish): their jobs, watches, and what awaits their start:');
  console.log(indent(renderViewText(tab), '▌'));

  console.log(`\n  ${user} clicks "Details" on the job ${jobId.slice(0, 8)} there. A Home click has no`);
  console.log('  response_url, so the answer is the tab republished with the job card on top:');
  const shown = stack.standin.homePublishes(user).length;
  await stack.driver.homeAction({ user, actionId: ACTION.jobDetails, value: jobId });
  const answered = await stack.standin.waitFor(
    (s) =>
      s
        .homePublishes(user)
        .slice(shown)
        .find((p) => JSON.stringify(p.view.blocks).includes(BLOCK.jobHeader))?.view,
    WAIT_MS,
  );
  // The card and the head of the tab: enough to see where the answer went.
  const lines = renderViewText(answered).split('\n');
  console.log(indent([...lines.slice(0, 14), lines.length > 14 ? '…' : ''].join('\n').trimEnd(), '▌'));
}
