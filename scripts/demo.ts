/**
 * `npm run demo [-- --provider mistral|together|openai]`: the whole app offline. Starts the sandbox
 * in that provider's dialect, the Slack stand-in and the real app (HTTP mode, signed requests, the
 * real poller, the provider's own adapter and SDK), plays a new user, and prints what they see.
 */
import { formStateValues } from '../devtools/form-values.js';
import { type LocalStack, startLocalStack } from '../devtools/local-stack.js';
import { renderMessageText, renderViewText } from '../devtools/render-text.js';
import type { StoredMessage, StoredView } from '../devtools/slack-standin.js';
import { ACTION, VIEW } from '../src/views/ids.js';
import { demoApproval } from './demo-approval.js';
import { DEMO_OUTPUT_DIR, describeFile, saveSharedFile, sharedFiles } from './demo-charts.js';
import { demoJobInput, findCard, isTerminalReply, type Printed, printNewActivity } from './demo-helpers.js';
import { demoHome } from './demo-home.js';
import { showFilteredWatch, startFilteredWatch } from './demo-settings.js';
import { demoUpload } from './demo-upload.js';
import { demoWarnings } from './demo-warnings.js';

const USER = 'U0DEMOUSER';
const CHANNEL = 'C0DEMOCHAN';
const WAIT_MS = 20_000;

function banner(title: string): void {
  console.log(`\n${'═'.repeat(78)}\n  ${title}\n${'═'.repeat(78)}`);
}

export function indent(text: string, mark = '│'): string {
  return text
    .split('\n')
    .map((l) => `  ${mark} ${l}`)
    .join('\n');
}

async function type(stack: LocalStack, text: string): Promise<Record<string, unknown>> {
  console.log(`\n  ${USER} types: /finetune ${text}`);
  const res = await stack.driver.command(text, { user: USER, channel: CHANNEL });
  const body = await stack.driver.waitForResponse(res.responseUrl, 1, WAIT_MS);
  console.log(`  (acked with HTTP ${res.status}; only you see the answer:)`);
  console.log(indent(renderMessageText(body as Parameters<typeof renderMessageText>[0])));
  return body;
}

async function inspect(stack: LocalStack): Promise<void> {
  banner('1. Help');
  await type(stack, 'help');
  banner('2. A filtered list: running jobs');
  await type(stack, 'list status:RUNNING');
  banner('3. A job card, by a short id prefix');
  const running = (await stack.app.deps.backend.listJobs({ status: 'RUNNING' })).jobs[0];
  if (!running) throw new Error('the sandbox has no running job to show');
  const prefix = running.id.slice(0, running.id.indexOf('-') > 6 ? 8 : running.id.indexOf('-') + 9);
  await type(stack, `status ${prefix}`);
}

async function openCreateModal(stack: LocalStack): Promise<StoredView> {
  console.log(`\n  ${USER} types: /finetune create`);
  await stack.driver.command('create', { user: USER, channel: CHANNEL });
  const form = await stack.standin.waitFor((s) => {
    const v = s.lastView();
    return v && v.view.callback_id === VIEW.createJob ? v : undefined;
  }, WAIT_MS);
  console.log('  (a loading modal opened at once, then filled with models and files:)');
  console.log(indent(renderViewText(form.view)));
  return form;
}

async function createJob(stack: LocalStack): Promise<string> {
  banner('4. Create a job from the modal');
  const form = await openCreateModal(stack);
  const { backend } = stack.app.deps;
  const files = await backend.listFiles();
  const model = (await backend.listModels()).find((m) => m.fine_tunable)?.id ?? '';
  const input = demoJobInput(files, CHANNEL, '1,5', { caps: backend.capabilities, model });
  const sized = backend.capabilities.hyperparameters.training_steps ? 'training steps' : 'epochs';
  const fixed = backend.capabilities.hyperparameters.training_steps ? '30' : '2';
  console.log(`\n  The user fills the form and types the ${sized} as "1,5" by mistake, then submits.`);
  const first = await stack.driver.viewSubmission({ view: form, values: formStateValues(input), user: USER });
  console.log('  The modal stays open with the values kept, and the field says what is wrong:');
  console.log(indent(JSON.stringify((first.body as { errors?: unknown }).errors, null, 2)));

  console.log(`\n  The user fixes it to ${fixed} and submits again.`);
  const resized = backend.capabilities.hyperparameters.training_steps
    ? { trainingSteps: fixed }
    : { epochs: fixed };
  const second = await stack.driver.viewSubmission({
    view: stack.standin.view(form.view.id) ?? form,
    values: formStateValues({ ...input, ...resized }),
    user: USER,
  });
  const ack = second.body as { response_action?: string; view?: Parameters<typeof renderViewText>[0] };
  if (ack.view) console.log(indent(renderViewText(ack.view)));
  const created = await waitForCreated(stack);
  console.log(
    created.startsWith('draft-')
      ? `\n  ${backend.label} has no start gate, so the bot holds the job as draft ${created} (auto start off): nothing is spent yet. Its card is posted in ${CHANNEL}.`
      : `\n  The job ${created.slice(0, 8)} was created (auto start off) and its card posted in ${CHANNEL}.`,
  );
  return created;
}

async function waitForCreated(stack: LocalStack): Promise<string> {
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    const [id] = await stack.app.deps.creators.jobsCreatedBy(USER);
    if (id) return id;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the job was not created');
}

async function estimateAndStart(stack: LocalStack, jobId: string, printed: Printed): Promise<void> {
  banner('5. The card shows the estimate; start training');
  const card = await stack.standin.waitFor(() => findCard(stack, CHANNEL, jobId), WAIT_MS);
  const validated = await stack.standin.waitFor(() => {
    const m = stack.standin.message(CHANNEL, card.ts);
    return m && JSON.stringify(m.blocks).includes(ACTION.jobStart) ? m : undefined;
  }, WAIT_MS);
  // Let the thread catch up with the card (at most one post per second per channel). A draft is
  // validated by the bot before its card exists, so its thread has no VALIDATED reply to wait for.
  if (!jobId.startsWith('draft-'))
    await stack.standin.waitFor(
      () =>
        stack.standin
          .threadReplies(CHANNEL, card.ts)
          .find((r) => r.metadata?.event_payload?.status === 'VALIDATED'),
      WAIT_MS,
    );
  printNewActivity(stack, CHANNEL, card.ts, printed);
  const confirm = JSON.stringify(validated.blocks).match(/Training will cost about [^"]+/)?.[0];
  console.log(`\n  ${USER} clicks "Start training"; Slack asks: "${confirm ?? 'Start training?'}" → Start.`);
  await stack.driver.blockAction({
    actionId: ACTION.jobStart,
    messageTs: card.ts,
    channel: CHANNEL,
    user: USER,
  });
  await stack.standin.waitFor(
    () => stack.standin.threadReplies(CHANNEL, card.ts).find((r) => r.text.includes('started')),
    WAIT_MS,
  );
}

async function watchToTheEnd(stack: LocalStack, jobId: string, printed: Printed): Promise<void> {
  banner('6. Watching: the card is edited in place and the thread fills until SUCCESS');
  const card = findCard(stack, CHANNEL, jobId) as StoredMessage;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    printNewActivity(stack, CHANNEL, card.ts, printed);
    if (stack.standin.threadReplies(CHANNEL, card.ts).some(isTerminalReply)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  printNewActivity(stack, CHANNEL, card.ts, printed);
  const dm = stack.standin.dms(USER).at(-1);
  if (dm) {
    console.log(`\n  ${USER} also got a DM:`);
    console.log(indent(renderMessageText(dm)));
  }
  await type(stack, 'watching');
}

async function charts(stack: LocalStack, jobId: string): Promise<void> {
  banner('7. Loss curves: the charts in the thread, one on demand, and a comparison');
  const card = findCard(stack, CHANNEL, jobId) as StoredMessage;
  // The final chart follows the terminal summary in the thread, in the channel's queue.
  const final = await stack.standin.waitFor(
    () => sharedFiles(stack, CHANNEL, card.ts).find((f) => f.name.includes('-final-')),
    WAIT_MS,
  );
  const inThread = sharedFiles(stack, CHANNEL, card.ts);
  console.log(
    `  The watch shared ${inThread.length} loss chart(s) in the card's thread: one per quarter of training`,
  );
  console.log(
    '  (a poll that jumps quarters posts the latest only; this fast job jumps most), the final one last:',
  );
  for (const f of inThread) console.log(`    ${describeFile(f)}`);
  console.log(`  The final chart is written to ${saveSharedFile(stack, final, 'loss-final.png')}`);
  await type(stack, `chart ${jobId}`);
  const seeded = (await stack.app.deps.backend.listJobs({ status: 'SUCCESS' })).jobs.find(
    (j) => j.id !== jobId,
  );
  await type(stack, `compare ${jobId} ${seeded?.id ?? ''}`.trim());
  const compared = sharedFiles(stack, CHANNEL).at(-1);
  if (compared) {
    console.log(`\n  In the channel: ${describeFile(compared)}`);
    console.log(`  Written to ${saveSharedFile(stack, compared, 'valid-loss-compare.png')}`);
  }
  console.log(`  (open the PNGs in ${DEMO_OUTPUT_DIR} to see them)`);
}

const PROVIDERS = ['mistral', 'together', 'openai'] as const;
const SDKS = { mistral: '@mistralai/mistralai', together: 'together-ai', openai: 'openai' } as const;

/** `--provider X` or `--provider=X`; Mistral when absent. */
function providerArg(argv: string[]): (typeof PROVIDERS)[number] {
  const i = argv.findIndex((a) => a === '--provider' || a.startsWith('--provider='));
  if (i === -1) return 'mistral';
  const value = (argv[i] as string).includes('=') ? (argv[i] as string).split('=')[1] : argv[i + 1];
  const found = PROVIDERS.find((p) => p === value);
  if (!found) {
    console.error(`--provider must be one of ${PROVIDERS.join(', ')} (got ${JSON.stringify(value ?? '')}).`);
    process.exit(2);
  }
  return found;
}

async function main(): Promise<void> {
  const provider = providerArg(process.argv.slice(2));
  // Fast sandbox and a 1-second poll, so a job's whole life fits in a few seconds.
  const stack = await startLocalStack({
    sandboxOptions: { speed: 60 },
    env: { POLL_INTERVAL_SECONDS: '1', FINETUNE_PROVIDER: provider },
  });
  try {
    banner(`finetune-bot demo — offline: built-in ${stack.app.deps.backend.label} + local Slack stand-in`);
    console.log(`  app listening at ${stack.app.eventsUrl}`);
    await inspect(stack);
    banner('3b. Training data from Slack: /finetune upload, then a refused file');
    await demoUpload(stack, USER, CHANNEL, indent);
    const jobId = await createJob(stack);
    const printed: Printed = { updates: 0, replies: new Set() };
    banner('4b. Watch settings: the same job in a quieter channel, its thread getting the end only');
    await startFilteredWatch(stack, jobId, type);
    await estimateAndStart(stack, jobId, printed);
    await watchToTheEnd(stack, jobId, printed);
    banner('6b. The filtered watch: what #ml-quiet got');
    await showFilteredWatch(stack, jobId, indent);
    await charts(stack, jobId);
    banner('8. The App Home tab: your jobs and watches, and a click answered there');
    await demoHome(stack, USER, jobId, indent);
    banner('9. Early warnings: a job that starts to overfit');
    await demoWarnings(stack, USER, CHANNEL, indent);
    banner('10. Team guardrails: a costly start waits for an approver');
    await demoApproval(indent);
    banner('Done');
    console.log('  Everything above went over real HTTP: signed Slack requests into the app,');
    console.log(
      `  the official ${SDKS[provider]} SDK out to the sandbox, Web API calls to the Slack stand-in.`,
    );
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
