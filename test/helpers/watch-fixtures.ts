import type { StoredMessage } from '../../devtools/slack-standin.js';
import type { FineTuningBackend } from '../../src/backend/backend.js';

let made = 0;

/** A small job that runs its whole life in a few seconds at sandbox speed 20+, with a W&B project. */
export async function createFastJob(
  backend: FineTuningBackend,
  // `file`: another seeded file (`broken-train.jsonl` fails validation); `autoStart: false` holds
  // the job at VALIDATED (a quiet job) until it is started.
  opts: { steps?: number; file?: string; autoStart?: boolean } = {},
) {
  const files = await backend.listFiles();
  const file = files.find((f) => f.filename === (opts.file ?? 'support-chat-train.jsonl'));
  if (!file) throw new Error('the sandbox has no training file');
  return backend.createJob({
    model: 'open-mistral-7b',
    training_files: [{ file_id: file.id }],
    hyperparameters: { training_steps: opts.steps ?? 10, learning_rate: 0.0001 },
    auto_start: opts.autoStart ?? true,
    // The sandbox refuses a job like one still live (409); a fresh suffix makes each one distinct.
    suffix: `w${++made}`,
    integrations: [{ type: 'wandb', project: 'support-bot', api_key: 'a'.repeat(40) }],
  });
}

/** The metadata payload the app writes on its own posts. */
export function payloadOf(m: StoredMessage): Record<string, unknown> | undefined {
  return m.metadata?.event_payload;
}

/** Status of each transition/terminal reply in a card's thread, oldest first. */
export function threadStatuses(replies: StoredMessage[]): string[] {
  return replies
    .map(payloadOf)
    .filter((p) => p?.kind === 'transition' || p?.kind === 'terminal')
    .map((p) => String(p?.status));
}

/** Polls an async check until it returns a truthy value (store state has no change events to wait on). */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`eventually: not true after ${timeoutMs} ms: ${String(check)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
