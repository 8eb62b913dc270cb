import type { FormInput } from '../devtools/form-values.js';
import type { LocalStack } from '../devtools/local-stack.js';
import { renderMessageText } from '../devtools/render-text.js';
import type { StoredMessage } from '../devtools/slack-standin.js';
import type { BackendCapabilities } from '../src/backend/capabilities.js';
import type { FileInfo } from '../src/domain/job.js';
import { describeFile } from './demo-charts.js';

/** What the demo already printed, so each card edit and thread reply is shown once. */
export interface Printed {
  updates: number;
  replies: Set<string>;
}

/**
 * The form a user would fill on this provider, with only the fields its form shows; `size` as typed
 * into the training steps (Mistral) or the epochs (the others).
 */
export function demoJobInput(
  files: FileInfo[],
  channel: string,
  size: string,
  o: { caps: BackendCapabilities; model: string },
): FormInput {
  const train = files.find((f) => f.filename === 'support-chat-train.jsonl') ?? files[0];
  const valid = files.find((f) => f.filename === 'support-chat-valid.jsonl');
  if (!train) throw new Error('the sandbox has no training file');
  const h = o.caps.hyperparameters;
  return {
    model: o.model,
    ...(o.caps.jobTypes.length > 1 ? { jobType: 'completion' as const } : {}),
    trainingFiles: [train.id],
    validationFiles: valid && o.caps.maxValidationFiles > 0 ? [valid.id] : [],
    ...(h.training_steps ? { trainingSteps: size } : { epochs: size }),
    ...(h.learning_rate && o.caps.defaultLearningRate
      ? { learningRate: String(o.caps.defaultLearningRate) }
      : {}),
    suffix: 'demo-support',
    wandbProject: 'support-bot',
    wandbRun: 'demo-run',
    // A made-up key of the 40 characters Mistral requires; the app never shows it again.
    ...(o.caps.wandb.perJobKey ? { wandbKey: `demo${'0'.repeat(36)}` } : {}),
    channel,
  };
}

function payloadOf(m: StoredMessage): Record<string, unknown> | undefined {
  return m.metadata?.event_payload;
}

export function findCard(stack: LocalStack, channel: string, jobId: string): StoredMessage | undefined {
  return stack.standin
    .channelMessages(channel)
    .find((m) => payloadOf(m)?.kind === 'card' && payloadOf(m)?.job_id === jobId);
}

export function isTerminalReply(m: StoredMessage): boolean {
  return payloadOf(m)?.kind === 'terminal';
}

/** The few lines of a card that change: header, progress, metrics, fine-tuned model, estimate. */
function cardGist(text: string): string {
  const keep = /^#|Progress|Latest metrics|Fine-tuned model|ft:|Estimated cost|Expected duration|\[/;
  const lines = text.split('\n');
  return lines
    .filter((l, i) => keep.test(l) || (i > 0 && /Estimated cost|Expected duration/.test(lines[i - 1] ?? '')))
    .join('\n');
}

/** Prints card edits (chat.update) and thread replies that arrived since the last call. */
export function printNewActivity(stack: LocalStack, channel: string, cardTs: string, printed: Printed): void {
  const updates = stack.standin.callsTo('chat.update').filter((c) => c.ok && c.args.ts === cardTs);
  for (const call of updates.slice(printed.updates)) {
    const text = renderMessageText({ text: String(call.args.text ?? ''), blocks: call.args.blocks as never });
    console.log('\n  ✎ the card in the channel is edited in place:');
    console.log(
      cardGist(text)
        .split('\n')
        .map((l) => `  ┆ ${l}`)
        .join('\n'),
    );
  }
  printed.updates = updates.length;
  for (const reply of stack.standin.threadReplies(channel, cardTs)) {
    if (printed.replies.has(reply.ts)) continue;
    printed.replies.add(reply.ts);
    const where =
      reply.subtype === 'thread_broadcast' ? 'thread reply, also sent to the channel' : 'thread reply';
    console.log(`\n  ↳ ${where}:`);
    for (const f of reply.files ?? []) console.log(`  ↳   ${describeFile(f)}`);
    console.log(
      renderMessageText(reply)
        .split('\n')
        .map((l) => `  ↳   ${l}`)
        .join('\n'),
    );
  }
}
