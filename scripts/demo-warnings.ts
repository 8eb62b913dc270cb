/** The demo's "early warnings" part: a job whose validation loss climbs, and the warning in its thread. */
import type { LocalStack } from '../devtools/local-stack.js';
import { renderMessageText } from '../devtools/render-text.js';
import type { StoredMessage } from '../devtools/slack-standin.js';
import { findCard } from './demo-helpers.js';

type Indent = (text: string, mark?: string) => string;

const isWarning = (m: StoredMessage) => {
  const kind = m.metadata?.event_payload?.kind;
  return kind === 'warning' || kind === 'warning_cleared';
};

/**
 * A job is created and shaped in the sandbox (`POST /_sandbox/jobs/{id}/shape`) so that its
 * validation loss rises from 40 % of its steps while training loss keeps falling; the user watches it
 * and the watch warns in the card's thread, naming the step where validation loss was lowest.
 */
export async function demoWarnings(stack: LocalStack, user: string, channel: string, indent: Indent) {
  const { backend } = stack.app.deps;
  const sandbox = stack.app.sandbox;
  if (!sandbox) return;
  const files = await backend.listFiles();
  const train = files.find((f) => f.filename === 'support-chat-train.jsonl');
  if (!train) throw new Error('the sandbox has no training file');
  // Validation loss needs validation data (Together evaluates only with a validation file).
  const valid = files.find((f) => f.filename === 'support-chat-valid.jsonl');
  const validation = valid && backend.capabilities.maxValidationFiles > 0 ? [valid.id] : [];
  const job = await backend.createJob({
    model: (await backend.listModels()).find((m) => m.fine_tunable)?.id ?? 'open-mistral-7b',
    training_files: [{ file_id: train.id }],
    validation_files: validation,
    // Long enough for a few polls during training: steps where the provider takes them, else epochs.
    hyperparameters: backend.capabilities.hyperparameters.training_steps
      ? { training_steps: 200 }
      : { epochs: 20 },
    auto_start: true,
    suffix: 'demo-overfit',
  });
  const shaped = await fetch(`${sandbox.url}/_sandbox/jobs/${job.id}/shape`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ overfit: { from: 0.4 } }),
  });
  if (!shaped.ok) throw new Error(`could not shape the demo job: ${await shaped.text()}`);
  console.log(`\n  A second job (${job.id}) is shaped in the sandbox to overfit from 40 % of its steps.`);
  console.log(`  ${user} types: /finetune watch ${job.id}`);
  await stack.driver.command(`watch ${job.id}`, { user, channel });
  const card = await stack.standin.waitFor(() => findCard(stack, channel, job.id), 20_000);
  const warning = await stack.standin
    .waitFor(() => stack.standin.threadReplies(channel, card.ts).find(isWarning), 40_000)
    .catch(() => undefined);
  if (!warning) {
    console.log('  (this provider reported no validation loss in time for the warning to show)');
    return;
  }
  console.log('  In the card thread, once (cleared by one more reply if validation loss falls again):');
  console.log(indent(renderMessageText(warning)));
}
