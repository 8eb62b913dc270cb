/**
 * `npm run demo`: the whole app offline. Starts the Mistral sandbox, the Slack stand-in and the real
 * app (HTTP mode, signed requests), types the commands a new user would, and prints what they see.
 */
import { type LocalStack, startLocalStack } from '../src/devtools/local-stack.js';
import { renderMessageText } from '../src/devtools/render-text.js';

const USER = 'U0DEMOUSER';
const CHANNEL = 'C0DEMOCHAN';

function banner(title: string): void {
  console.log(`\n${'═'.repeat(78)}\n  ${title}\n${'═'.repeat(78)}`);
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  │ ${l}`)
    .join('\n');
}

async function type(stack: LocalStack, text: string): Promise<Record<string, unknown>> {
  console.log(`\n  ${USER} types: /finetune ${text}`);
  const res = await stack.driver.command(text, { user: USER, channel: CHANNEL });
  const body = await stack.driver.waitForResponse(res.responseUrl, 1, 15_000);
  console.log(`  (acked with HTTP ${res.status}; the app answered only you:)`);
  console.log(indent(renderMessageText(body as Parameters<typeof renderMessageText>[0])));
  return body;
}

async function main(): Promise<void> {
  const stack = await startLocalStack({ sandboxOptions: { speed: 60 } });
  try {
    banner('finetune-bot demo — offline: built-in Mistral sandbox + local Slack stand-in');
    console.log(`  app listening at ${stack.app.eventsUrl}`);

    banner('1. Help');
    await type(stack, 'help');

    banner('2. A filtered list: running jobs');
    await type(stack, 'list status:RUNNING');

    banner('3. A job card, by a short id prefix');
    const running = (await stack.app.deps.backend.listJobs({ status: 'RUNNING' })).jobs[0];
    if (!running) throw new Error('the sandbox has no running job to show');
    await type(stack, `status ${running.id.slice(0, 8)}`);

    banner('Done');
    console.log('  Everything above went over real HTTP: signed Slack requests into the app, the');
    console.log('  official Mistral SDK out to the sandbox, Web API calls to the Slack stand-in.');
  } finally {
    await stack.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error('demo failed:', err);
    process.exit(1);
  },
);
